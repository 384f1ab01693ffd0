import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { findChrome } from '@opencma/pdf';
import { computeTwilioSignature, startLocalTwilioServer, type LocalTwilioServer } from '@opencma/sms';
import { freePort } from '../helpers/free-port';
import { completedDemoReport, launchChromium } from '../helpers/e2e-browser';
import { runStartCommand, type StartedCommand } from '../helpers/start-command';

const chromePath = findChrome();
if (!chromePath) console.warn('SKIPPED e2e value updates without JavaScript: no Chromium found (install Debian package chromium or set CHROME_PATH)');

const ACCOUNT_SID = 'AC00000000000000000000000000000077';
const AUTH_TOKEN = 'e2e-report-updates-no-js-auth-token';
const PHONE = '+12015550177';

/**
 * The report's "Send me an update every month" forms on a phone whose script did not run: they post to
 * the page itself (app/r/[id]/route.ts), so a refused form comes back as the report with the errors
 * beside the fields — never the API's JSON — and a good one lands back on the report, subscribed.
 */
describe.skipIf(!chromePath)('e2e: value updates on the report with JavaScript turned off', () => {
  let twilio: LocalTwilioServer;
  let app: StartedCommand;
  let browser: Browser;
  let context: BrowserContext;
  let reportId: string;

  beforeAll(async () => {
    twilio = await startLocalTwilioServer({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, port: await freePort() });
    app = await runStartCommand({
      SMS_PROVIDER: 'twilio',
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM_NUMBER: '+12065550100',
      TWILIO_BASE_URL: twilio.url,
    });
    browser = await launchChromium(chromePath!);
    context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    reportId = await completedDemoReport(app.apiUrl, '(201) 555-0177');
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.stop();
    await twilio?.close();
  });

  /** The homeowner replies to a text from us (Twilio's signed inbound webhook). */
  const reply = async (body: string) => {
    const params = { From: PHONE, To: '+12065550100', Body: body };
    const res = await fetch(`${app.apiUrl}/v1/webhooks/twilio/inbound`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': computeTwilioSignature(AUTH_TOKEN, `${app.baseUrl}/v1/webhooks/twilio/inbound`, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status).toBe(200);
  };
  const submit = async (page: Page, button: string) => {
    const [res] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: button }).click()]);
    const body = await page.locator('body').innerText();
    expect(body).not.toContain('"error"');
    return res!.status();
  };

  it('a bad owed figure: the report again with the error beside the field and what was typed; fixed, it subscribes', async () => {
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/r/${reportId}`);
    await page.locator('#updates-email').fill('pat@example.com');
    await page.getByLabel('Quarterly').first().check();
    await page.getByText('Add what you owe to see your equity (optional)').click();
    await page.locator('#updates-owed').fill('a lot');
    await page.locator('.updates-consent input[name=consent]').check();
    expect(await submit(page, 'Send me updates')).toBe(400);

    expect(page.url()).toBe(`${app.baseUrl}/r/${reportId}#updates`);
    await page.getByRole('heading', { name: 'Send me an update every month' }).waitFor();
    expect(await page.locator('#updates-owed-error').textContent()).toMatch(/\S/);
    expect(await page.locator('#updates-owed').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#updates-owed').inputValue()).toBe('a lot');
    expect(await page.locator('#updates-owed').isVisible()).toBe(true); // the owed fields are open
    expect(await page.locator('#updates-email').inputValue()).toBe('pat@example.com');
    expect(await page.getByLabel('Quarterly').first().isChecked()).toBe(true);
    expect(await page.locator('.updates-consent input[name=consent]').isChecked()).toBe(false);
    await page.locator('form.updates-form [role=alert]').first().waitFor();

    await page.locator('#updates-owed').fill('310,000');
    await page.locator('.updates-consent input[name=consent]').check();
    expect(await submit(page, 'Send me updates')).toBe(200);
    expect(page.url()).toBe(`${app.baseUrl}/r/${reportId}?subscribed=1#updates`);
    await page.getByText('You’re subscribed.').waitFor();
    await page.close();
  }, 120_000);

  it('a number that replied STOP: the text form says so and how to turn texts on again; after START, it subscribes', async () => {
    await reply('STOP');
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/r/${reportId}`);
    const texts = page.locator('form.updates-texts');
    await texts.getByRole('heading', { name: /Or by text to \(201\) •••-••77/ }).waitFor();
    await texts.locator('input[name=sms_consent]').check();
    expect(await submit(page, 'Text me updates')).toBe(409);
    const alert = texts.getByRole('alert');
    expect(await alert.textContent()).toMatch(/replied STOP.*reply START/);
    expect(await texts.locator('input[name=sms_consent]').isChecked()).toBe(false);

    await reply('START');
    await texts.locator('input[name=sms_consent]').check();
    expect(await submit(page, 'Text me updates')).toBe(200);
    await page.getByText('You’re subscribed.').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.close();
  }, 120_000);
});
