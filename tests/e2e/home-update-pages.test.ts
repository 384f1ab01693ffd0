import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { findChrome } from '@opencma/pdf';
import { completedDemoReport, launchChromium } from '../helpers/e2e-browser';
import { pollUntil } from '../helpers/poll';
import { runStartCommand, type StartedCommand } from '../helpers/start-command';

const chromePath = findChrome();
if (!chromePath) console.warn('SKIPPED e2e value-update pages: no Chromium found (install Debian package chromium or set CHROME_PATH)');

const ADMIN_TOKEN = 'e2e-admin-token-home-updates-5b9e1f3a';

/**
 * Issue #19 in a phone-sized browser (decision 0035): the opt-in with what is owed on the report page,
 * an update's links to the home's value history and the preferences page, and the preferences form.
 */
describe.skipIf(!chromePath)('e2e: value history and preferences pages', () => {
  let app: StartedCommand;
  let browser: Browser;
  let context: BrowserContext;
  let reportId: string;
  const problems: string[] = [];

  beforeAll(async () => {
    app = await runStartCommand({ ADMIN_TOKEN });
    browser = await launchChromium(chromePath!);
    context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    reportId = await completedDemoReport(app.apiUrl, '(201) 555-0177');
  }, 240_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.stop();
  });

  const newPage = async () => {
    const page = await context.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/.test(m.text())) problems.push(m.text());
    });
    return page;
  };
  const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

  it('subscribes on the report with what is owed; the update links to the history and the preferences; the pages fit 390 px', async () => {
    const page = await newPage();
    await page.goto(`${app.baseUrl}/r/${reportId}`);
    await page.locator('#updates-email').fill('pat@example.com');
    await page.getByText('Add what you owe to see your equity (optional)').click();
    // the equity calculator has a field of the same name: the form's own
    await page.locator('#updates-owed').fill('$300,000');
    await page.locator('.updates-consent input[name=consent]').check();
    await Promise.all([page.waitForURL(/subscribed=1/), page.getByRole('button', { name: 'Send me updates' }).click()]);
    await page.getByText('You’re subscribed.').waitFor();

    const cycle = await fetch(`${app.apiUrl}/v1/admin/home-updates/cycles`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ date: '2015-04-01' }),
    });
    expect(cycle.status).toBe(202);
    await pollUntil(async () => {
      const c = (await (await fetch(`${app.apiUrl}/v1/admin/home-updates/cycles/2015-04`, { headers: admin })).json()) as {
        updates: Record<string, number>;
      };
      return c.updates.sent === 1 ? true : undefined;
    }, 120_000);
    const { messages } = (await (await fetch(`${app.apiUrl}/v1/dev/outbox/email`)).json()) as { messages: Array<{ subject: string; text: string }> };
    const mail = messages.find((m) => m.subject.startsWith("Your home's value update"))!;
    expect(mail.text).toContain('Your equity:');
    const historyUrl = /See your home’s value history: (\S+)/.exec(mail.text)![1]!;
    const preferencesUrl = /Change how often or what you owe: (\S+)/.exec(mail.text)![1]!;
    expect(historyUrl).toBe(`${app.baseUrl}/r/${reportId}/history`);

    const history = await page.goto(historyUrl);
    expect(history?.status()).toBe(200);
    expect(history?.headers()['x-robots-tag']).toBe('noindex, nofollow');
    expect(await page.locator('[data-testid=history] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-kind')))).toEqual([
      'report',
      'update',
    ]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await page.locator('script').count()).toBe(0);

    const prefs = await page.goto(preferencesUrl);
    expect(prefs?.status()).toBe(200);
    await page.getByText('On file: $300,000 you owe').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.close();
  }, 300_000);

  it('the preferences form: a bad figure comes back with its error and changes nothing; a good one is saved', async () => {
    const { messages } = (await (await fetch(`${app.apiUrl}/v1/dev/outbox/email`)).json()) as { messages: Array<{ subject: string; text: string }> };
    const preferencesUrl = /Change how often or what you owe: (\S+)/.exec(messages.find((m) => m.subject.startsWith("Your home's"))!.text)![1]!;
    const token = preferencesUrl.split('/').at(-1)!;
    const stored = async () =>
      (await (await fetch(`${app.apiUrl}/v1/home-updates/preferences/${token}`)).json()) as { frequency: string; owed: { amount: number } | null };
    const page = await newPage();
    await page.goto(preferencesUrl);

    await page.getByLabel('What you owe today ($)').fill('a lot');
    await page.getByLabel('Quarterly').check();
    const [bad] = await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Save' }).click()]);
    expect(bad?.status()).toBe(400);
    expect(await page.locator('#pref-owed-error').textContent()).toBe('Enter what you owe in dollars, e.g. 250,000');
    expect(await page.getByLabel('What you owe today ($)').inputValue()).toBe('a lot');
    expect(await stored()).toMatchObject({ frequency: 'monthly', owed: { amount: 300_000 } });

    await page.getByLabel('What you owe today ($)').fill('250,000');
    await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: 'Save' }).click()]);
    await page.getByTestId('saved').waitFor();
    expect(await stored()).toMatchObject({ frequency: 'quarterly', owed: { amount: 250_000 } });

    // unknown links: the not-found page
    expect((await page.goto(`${app.baseUrl}/home-updates/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`))?.status()).toBe(404);
    expect((await page.goto(`${app.baseUrl}/r/NoSuchReport0000000000/history`))?.status()).toBe(404);
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
