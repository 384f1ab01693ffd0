import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src';

describe('MAP_STYLE_URL (the report street map)', () => {
  it('unset or empty: no street map', () => {
    expect(loadConfig({}).mapOrigin).toBeNull();
    expect(loadConfig({ MAP_STYLE_URL: '' }).mapOrigin).toBeNull();
  });

  it('set: the origin the report page CSP opens to, nothing more of the URL', () => {
    const c = loadConfig({ MAP_STYLE_URL: 'https://tiles.example.com/styles/streets/style.json?key=abc' });
    expect(c.MAP_STYLE_URL).toBe('https://tiles.example.com/styles/streets/style.json?key=abc');
    expect(c.mapOrigin).toBe('https://tiles.example.com');
  });

  it('not an http(s) URL: a readable config error', () => {
    for (const bad of ['tiles.example.com/style.json', 'ftp://tiles.example.com/style.json', 'javascript:alert(1)']) {
      let err: unknown;
      try {
        loadConfig({ MAP_STYLE_URL: bad });
      } catch (e) {
        err = e;
      }
      expect(err, bad).toBeInstanceOf(ConfigError);
      expect(String((err as Error).message), bad).toMatch(/MAP_STYLE_URL/);
    }
  });
});
