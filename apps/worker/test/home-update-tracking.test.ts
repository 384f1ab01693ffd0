import { describe, expect, it } from 'vitest';
import { renderHomeUpdateEmail } from '../src/home-updates/email';
import { addHomeUpdateTracking } from '../src/home-updates/tracking';

const BASE = 'https://homes.example.com';
const TOKEN = 'T0kenT0kenT0kenT0kenT0kenT0kenT0';

describe('value update e-mail tracking (decision 0036)', () => {
  const mail = renderHomeUpdateEmail({
    agent: { name: 'Dana Demo', brokerage: 'Demo Realty', brandColor: null, email: 'dana@example.com' },
    address: '1156 N 93rd St, Seattle, WA 98103',
    valuedAt: '2015-05-01',
    estimate: { value: 700000, low: 650000, high: 750000 },
    lastValue: null,
    firstValue: 690000,
    reportUrl: `${BASE}/r/abcdefghijklmnopqrstuv`,
    unsubscribeUrl: `${BASE}/v1/home-updates/unsubscribe/UnsubUnsubUnsubUnsubUnsub`,
  });

  it('rewrites the report link to a click-through, leaves the unsubscribe link alone and puts a 1×1 pixel before </body>', () => {
    const { html, links } = addHomeUpdateTracking(mail.html, { publicBaseUrl: BASE, token: TOKEN });
    expect(links).toEqual([`${BASE}/r/abcdefghijklmnopqrstuv`]);
    expect(html).toContain(`href="${BASE}/v1/home-updates/click/${TOKEN}/0"`);
    expect(html).not.toContain(`href="${BASE}/r/abcdefghijklmnopqrstuv"`);
    expect(html).toContain(`href="${BASE}/v1/home-updates/unsubscribe/UnsubUnsubUnsubUnsubUnsub"`);
    expect(html).toMatch(new RegExp(`<img src="${BASE}/v1/home-updates/open/${TOKEN}" width="1" height="1" alt="" style="[^"]*">\\s*</body>`));
    expect(html.match(/<img /g)).toHaveLength(1);
    // only the links and the pixel changed
    expect(
      html.replace(/<img src="[^"]*\/open\/[^"]*"[^>]*>/, '').replace(`${BASE}/v1/home-updates/click/${TOKEN}/0`, `${BASE}/r/abcdefghijklmnopqrstuv`),
    ).toBe(mail.html);
  });

  it('keeps the real target of an escaped link, one index per distinct link; other sites and look-alike hosts stay untracked', () => {
    const html = `<html><body>
<a href="${BASE}/r/x?calc=1&amp;price=500000#equity" style="a">Net proceeds</a>
<a class="btn" href="${BASE}/r/x">Report</a>
<a href="${BASE}/r/x">Report again</a>
<a href="https://maps.example.org/?q=1&amp;z=2">Map</a>
<a href="${BASE}.evil.example/r/x">Look-alike</a>
<a href="mailto:dana@example.com">Mail</a>
</BODY></html>`;
    const { html: out, links } = addHomeUpdateTracking(html, { publicBaseUrl: BASE, token: TOKEN });
    expect(links).toEqual([`${BASE}/r/x?calc=1&price=500000#equity`, `${BASE}/r/x`]);
    expect(out).toContain(`<a href="${BASE}/v1/home-updates/click/${TOKEN}/0" style="a">`);
    expect(out.match(new RegExp(`/click/${TOKEN}/1"`, 'g'))).toHaveLength(2);
    expect(out).toContain('href="https://maps.example.org/?q=1&amp;z=2"');
    expect(out).toContain(`href="${BASE}.evil.example/r/x"`);
    expect(out).toContain('href="mailto:dana@example.com"');
    expect(out).toMatch(/<img [^>]*><\/BODY>/);
  });

  it('the text part is left as it was (readable links)', () => {
    expect(mail.text).toContain(`${BASE}/r/abcdefghijklmnopqrstuv`);
  });
});
