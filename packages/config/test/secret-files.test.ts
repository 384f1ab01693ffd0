import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src';

const dir = mkdtempSync(path.join(tmpdir(), 'opencma-secrets-'));
const secret = (name: string, content: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
};

describe('*_FILE settings (container secrets)', () => {
  it('reads a setting from its file, dropping the trailing newline', () => {
    const config = loadConfig({
      ADMIN_TOKEN_FILE: secret('admin', 'tok-123\n'),
      DATABASE_URL_FILE: secret('db', 'postgres://u:p@db:5432/opencma'),
    });
    expect(config.ADMIN_TOKEN).toBe('tok-123');
    expect(config.DATABASE_URL).toBe('postgres://u:p@db:5432/opencma');
  });

  it('validates the file content like the plain variable', () => {
    expect(() => loadConfig({ PUBLIC_BASE_URL_FILE: secret('url', 'not a url\n') })).toThrow(/PUBLIC_BASE_URL/);
  });

  it('refuses a setting given both ways', () => {
    expect(() => loadConfig({ ADMIN_TOKEN: 'a', ADMIN_TOKEN_FILE: secret('admin2', 'b') })).toThrow(
      /ADMIN_TOKEN_FILE: set ADMIN_TOKEN or ADMIN_TOKEN_FILE, not both/,
    );
  });

  it('names a file it cannot read', () => {
    const missing = path.join(dir, 'missing');
    let error: unknown;
    try {
      loadConfig({ TWILIO_AUTH_TOKEN_FILE: missing });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(`TWILIO_AUTH_TOKEN_FILE: cannot read ${missing} (ENOENT)`);
  });

  it('treats an empty variable as unset (compose passes unset optional settings as empty strings)', () => {
    const config = loadConfig({ PUBLIC_BASE_URL: '', S3_ENDPOINT: '', PORT: '', ALLOWED_COUNTRIES: '' });
    expect(config.publicBaseUrl).toBe('http://localhost:3000');
    expect(config.PORT).toBe(3000);
    expect(config.ALLOWED_COUNTRIES).toEqual(['US', 'CA']);
  });

  it('MIGRATE_ON_START defaults to on and can be turned off', () => {
    expect(loadConfig({}).MIGRATE_ON_START).toBe(true);
    expect(loadConfig({ MIGRATE_ON_START: 'false' }).MIGRATE_ON_START).toBe(false);
    expect(() => loadConfig({ MIGRATE_ON_START: 'no' })).toThrow(/MIGRATE_ON_START/);
  });
});
