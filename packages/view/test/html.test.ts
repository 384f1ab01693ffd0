import { describe, expect, it } from 'vitest';
import { escapeHtml, html, join, jsonForScript, raw } from '../src/index';

describe('html: the escaping template tag', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;');
  });

  it('escapes interpolated text in content and attributes, keeps nested markup', () => {
    const name = '"><img src=x onerror=alert(1)>';
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</p>',
    );
    expect(html`<ul>${['a<', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`.value).toBe('<ul><li>a&lt;</li><li>b</li></ul>');
    expect(html`<b>${raw('<i>ok</i>')}</b>`.value).toBe('<b><i>ok</i></b>');
    expect(String(html`<i>${'&'}</i>`)).toBe('<i>&amp;</i>');
  });

  it('renders numbers, and nothing for null, undefined and booleans', () => {
    expect(html`${0}|${null}|${undefined}|${false}|${true}|${2.5}`.value).toBe('0|||||2.5');
  });

  it.each([
    [['a', 'b<', 'c'], 'a · b&lt; · c'],
    [['a', null, '', false, undefined, 'b'], 'a · b'],
    [[html`<b>x</b>`, 0], '<b>x</b> · 0'],
    [[], ''],
  ])('join(%j) → %j', (items, out) => expect(join(items, html` · `).value).toBe(out));

  it('writes JSON that cannot close its <script> element', () => {
    const json = jsonForScript({ text: '</script><script>alert(1)</script><!--', line: '\u2028' }).value;
    expect(json).not.toMatch(/<|\u2028/);
    expect(JSON.parse(json)).toEqual({ text: '</script><script>alert(1)</script><!--', line: '\u2028' });
  });
});
