import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findChrome } from '@opencma/pdf';
import { runStartCommand, type StartedCommand } from '../helpers/start-command';
import { CURRENT_CONSENT_VERSION } from '@opencma/core';

const chromePath = findChrome();
if (!chromePath) console.warn('SKIPPED e2e landing page: no Chromium found (install Debian package chromium or set CHROME_PATH)');

const ADMIN_TOKEN = 'e2e-admin-token-abcdefghijklmnop';

describe.skipIf(!chromePath)('e2e: the consumer landing page /cma/{agent_code}', () => {
  let app: StartedCommand;
  let browser: Browser;
  let customCode: string;

  const outbox = async () =>
    (await (await fetch(`${app.apiUrl}/v1/dev/outbox`)).json()).messages as Array<{ report_id: string; recipient_role: string; to: string }>;
  const admin = (path: string, body: object) =>
    fetch(`${app.apiUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  /** Every POST the page makes to the submission endpoint. */
  const submissions = (page: Page) => {
    const seen: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().includes('/v1/consumer-reports')) seen.push(r.url());
    });
    return seen;
  };

  beforeAll(async () => {
    app = await runStartCommand({ ADMIN_TOKEN });
    browser = await chromium.launch({
      executablePath: chromePath!,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const account = await (await admin('/v1/admin/accounts', { name: 'Harbor & <b>Co</b>', primary_color: '#7c2d12' })).json();
    const agent = await admin('/v1/admin/agents', {
      name: 'Riley <img src=x onerror=alert(1)>',
      account_id: account.id,
      landing_page_headline: '<script>window.__pwned = true</script>Sell smarter',
      landing_page_subheadline: 'Free valuation from Riley & team',
      landing_page_cta_text: 'Show me my value',
    });
    expect(agent.status).toBe(201);
    customCode = (await agent.json()).agent_code;
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it("shows the agent's branding and texts, and renders markup in them as text", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    // the landing page allows no inline style (decision 0017): Chromium reports any blocked one on the console
    const cspViolations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
    });
    const res = await page.goto(`${app.baseUrl}/cma/${customCode}`);
    expect(res?.status()).toBe(200);
    expect(res!.headers()['content-security-policy']).toMatch(/style-src 'self' 'nonce-[^']+';/);
    const h1 = page.getByRole('heading', { level: 1 });
    expect(await h1.textContent()).toBe('<script>window.__pwned = true</script>Sell smarter');
    expect(await page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned)).toBeUndefined();
    expect(await page.locator('main script').count()).toBe(0);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await page.getByText('Riley <img src=x onerror=alert(1)>').first().waitFor();
    await page.getByText('Free valuation from Riley & team').waitFor();
    await page.getByText('Harbor & <b>Co</b>').first().waitFor();
    await page.getByRole('button', { name: 'Show me my value' }).waitFor();
    await page.getByText(/I agree that Riley <img src=x onerror=alert\(1\)> of Harbor & <b>Co<\/b> may contact me/).waitFor();
    expect(cspViolations).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows inline errors for an invalid phone and a missing consent, and submits nothing', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const posts = submissions(page);
    await page.goto(`${app.baseUrl}/cma/demo`);
    await page.locator('form[data-hydrated]').waitFor();
    await page.getByRole('heading', { name: /What is your home worth/ }).waitFor();
    await page.getByLabel('Mobile phone').fill('555-12');
    await page.getByRole('combobox', { name: 'Property address' }).fill('1156 N 93rd St, Seattle, WA 98103');
    await page.getByRole('button', { name: 'Get my home value' }).click();

    const alert = page.locator('#form-errors[role="alert"]');
    await alert.waitFor();
    await page.locator('#phone-error').waitFor();
    await page.locator('#consent-error').waitFor();
    expect(await page.getByLabel('Mobile phone').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#consent').getAttribute('aria-invalid')).toBe('true');
    expect(await alert.getByRole('link').count()).toBe(2);

    // fixing the phone alone still leaves the consent error
    await page.getByLabel('Mobile phone').fill('(201) 555-0188');
    await page.getByRole('button', { name: 'Get my home value' }).click();
    await page.locator('#consent-error').waitFor();
    expect(await page.locator('#phone-error').count()).toBe(0);
    expect(await page.getByRole('checkbox').isChecked()).toBe(false);

    expect(posts).toEqual([]);
    expect((await outbox()).filter((m) => m.to === '+12015550188')).toEqual([]);
    expect(page.url()).toBe(`${app.baseUrl}/cma/demo`);
    await page.close();
  }, 60_000);

  it('formats the phone as typed, confirms the home, takes a correction and reaches the report', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${app.baseUrl}/cma/demo`);
    await page.locator('form[data-hydrated]').waitFor();
    const phone = page.getByLabel('Mobile phone');
    await phone.focus();
    await page.waitForTimeout(300); // the formatter loads on first focus
    await phone.pressSequentially('2015550123', { delay: 20 });
    expect(await phone.inputValue()).toBe('(201) 555-0123');

    const address = page.getByRole('combobox', { name: 'Property address' });
    await address.pressSequentially('1156 N 93rd', { delay: 30 });
    const option = page.getByRole('option').filter({ hasText: '1156 N 93rd St' }).first();
    await option.waitFor({ timeout: 10_000 });
    await option.click();

    await page.getByText('Is this your home?').waitFor({ timeout: 10_000 });
    const summary = await page.locator('#property-summary').textContent();
    expect(summary).toMatch(/\d+ beds? · [\d.]+ baths? · [\d,]+ sq ft · built \d{4}/);
    await page.getByRole('button', { name: /Correct the details/ }).click();
    const beds = page.getByLabel('Bedrooms');
    const mlsBeds = Number(await beds.inputValue());
    await beds.fill(String(mlsBeds + 1));

    await page.getByRole('checkbox', { name: /^I agree/ }).check();
    await page.getByRole('button', { name: 'Get my home value' }).click();
    await page.waitForURL(/\/r\/[A-Za-z0-9_-]{20,}$/, { timeout: 15_000 });
    const reportId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: /Estimated value/ }).waitFor({ timeout: 30_000 });

    const report = await (await fetch(`${app.apiUrl}/v1/consumer-reports/${reportId}`)).json();
    expect(report.status).toBe('completed');
    expect(report.subject.bedrooms).toBe(mlsBeds + 1);
    expect(report.subject.consumerProvided).toEqual(['bedrooms']);

    // texts went out once; the same phone and address again returns the same report and texts nobody
    const texts = async () => (await outbox()).filter((m) => m.report_id === reportId);
    for (let i = 0; i < 50 && (await texts()).length < 2; i++) await new Promise((r) => setTimeout(r, 100));
    expect(await texts()).toHaveLength(2);
    const again = await fetch(`${app.baseUrl}/v1/consumer-reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        agent_code: 'demo',
        phone: '+1 201-555-0123',
        address: report.propertyAddress,
        consent: true,
        consent_version: CURRENT_CONSENT_VERSION,
      }),
    });
    expect(again.status).toBe(202);
    expect((await again.json()).report_id).toBe(reportId);
    await new Promise((r) => setTimeout(r, 500));
    expect((await outbox()).filter((m) => m.to === '+12015550123')).toHaveLength(1);
    await page.close();
  }, 120_000);

  it('can be completed with the keyboard alone', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${app.baseUrl}/cma/demo`);
    await page.locator('form[data-hydrated]').waitFor();
    await page.getByRole('heading', { level: 1 }).waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.id ?? document.activeElement?.tagName);
    for (let i = 0; i < 15 && (await focused()) !== 'phone'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('phone');
    await page.keyboard.type('(201) 555-0177');
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('address');
    await page.keyboard.type('12211 SE 65th', { delay: 30 });
    await page.getByRole('option').first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('combobox').getAttribute('aria-activedescendant')).toBe('address-opt-0');
    await page.keyboard.press('Enter');
    expect(await page.getByRole('combobox').inputValue()).toMatch(/^12211 SE 65th St/);
    await page.getByText('Is this your home?').waitFor({ timeout: 10_000 });
    for (let i = 0; i < 5 && (await focused()) !== 'consent'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('consent');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/r\/[A-Za-z0-9_-]{20,}$/, { timeout: 15_000 });
    await page.close();
  }, 60_000);

  it('answers an unknown agent code with a real 404, page and API', async () => {
    const page = await browser.newPage();
    const res = await page.goto(`${app.baseUrl}/cma/nobody99`);
    expect(res?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/couldn’t find/);
    await page.close();
    const api = await fetch(`${app.baseUrl}/v1/agents/nobody99/landing-page`);
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe('agent_not_found');
  });
});
