import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { findChrome } from '@opencma/pdf';
import { pollUntil } from '../helpers/poll';
import { runStartCommand, type StartedCommand } from '../helpers/start-command';

const chromePath = findChrome();
if (!chromePath) console.warn('SKIPPED e2e landing page without JavaScript: no Chromium found (install Debian package chromium or set CHROME_PATH)');

const ADMIN_TOKEN = 'e2e-admin-token-nojs-7d41c0e2';

/** The landing form is a plain HTML form too: posted without the script, the server checks it and sends it. */
describe.skipIf(!chromePath)('e2e: the landing page with JavaScript turned off', () => {
  let app: StartedCommand;
  let browser: Browser;
  let context: BrowserContext;

  const outbox = async () => (await (await fetch(`${app.apiUrl}/v1/dev/outbox`)).json()).messages as Array<{ report_id: string; to: string }>;
  const leads = async () => {
    const res = await fetch(`${app.apiUrl}/v1/agents/demo/leads`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { leads: Array<{ id: string; consumer_phone: string; property_address: string }> }).leads;
  };
  /** Nothing stored and nothing texted for this number. */
  const nothingFor = async (e164: string) => {
    expect((await leads()).filter((l) => l.consumer_phone === e164)).toEqual([]);
    expect((await outbox()).filter((m) => m.to === e164)).toEqual([]);
  };

  beforeAll(async () => {
    app = await runStartCommand({ ADMIN_TOKEN });
    browser = await chromium.launch({
      executablePath: chromePath!,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.stop();
  });

  it('answers a post with problems with the page again: the typed values kept, inline errors, nothing created', async () => {
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/cma/demo`);
    await page.getByRole('heading', { name: /What is your home worth/ }).waitFor();
    expect(await page.locator('form[data-hydrated]').count()).toBe(0); // the script did not run
    expect(await page.getByText(/needs JavaScript/).count()).toBe(0);

    await page.getByLabel('Mobile phone').fill('555-12');
    await page.getByRole('combobox', { name: 'Property address' }).fill('1156 N 93rd St, Seattle, WA 98103');
    const [first] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Get my home value' }).click()]);
    expect(first?.status()).toBe(400);

    const alert = page.locator('#form-errors[role="alert"]');
    await alert.waitFor();
    expect(await alert.getByRole('link').count()).toBe(2);
    expect(await alert.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.locator('#phone-error').waitFor();
    await page.locator('#consent-error').waitFor();
    expect(await page.getByLabel('Mobile phone').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Mobile phone').getAttribute('aria-describedby')).toBe('phone-hint phone-error');
    expect(await page.locator('#consent').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Mobile phone').inputValue()).toBe('555-12');
    expect(await page.getByRole('combobox', { name: 'Property address' }).inputValue()).toBe('1156 N 93rd St, Seattle, WA 98103');

    // fixing the phone alone still leaves the consent error
    await page.getByLabel('Mobile phone').fill('(201) 555-0188');
    const [second] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Get my home value' }).click()]);
    expect(second?.status()).toBe(400);
    await page.locator('#consent-error').waitFor();
    expect(await page.locator('#phone-error').count()).toBe(0);
    expect(await page.getByRole('checkbox').isChecked()).toBe(false);
    expect(await page.getByLabel('Mobile phone').inputValue()).toBe('(201) 555-0188');

    expect(page.url()).toBe(`${app.baseUrl}/cma/demo`);
    await nothingFor('+12015550188');
    await page.close();
  }, 60_000);

  it('sends a full form with a typed address and lands on the report', async () => {
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/cma/demo?src=qr`);
    await page.getByLabel('Mobile phone').fill('(201) 555-0123');
    await page.getByRole('combobox', { name: 'Property address' }).fill('1156 N 93rd St, Seattle, WA 98103');
    await page.getByRole('checkbox', { name: /^I agree/ }).check();
    await page.getByRole('button', { name: 'Get my home value' }).click();
    await page.waitForURL(/\/r\/[A-Za-z0-9_-]{20,}$/, { timeout: 15_000 });
    const reportId = new URL(page.url()).pathname.split('/').pop()!;

    const lead = (await leads()).find((l) => l.id === reportId);
    expect(lead).toMatchObject({ consumer_phone: '+12015550123', property_address: '1156 N 93rd St, Seattle, WA 98103' });
    const report = await pollUntil(
      async () => {
        const r = await (await fetch(`${app.apiUrl}/v1/consumer-reports/${reportId}`)).json();
        return r.status === 'completed' || r.status === 'failed' ? r : undefined;
      },
      60_000,
      200,
    );
    expect(report.status).toBe('completed');
    await page.close();
  }, 90_000);

  it('refuses a post from another site and creates nothing', async () => {
    const res = await fetch(`${app.baseUrl}/cma/demo`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ phone: '(201) 555-0166', address: '1156 N 93rd St, Seattle, WA 98103', consent: 'on' }),
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
    await nothingFor('+12015550166');
  });
});
