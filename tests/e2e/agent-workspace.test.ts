import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { findChrome } from '@opencma/pdf';
import { pollUntil } from '../helpers/poll';
import { runStartCommand, type StartedCommand } from '../helpers/start-command';

const chromePath = findChrome();
if (!chromePath) console.warn('SKIPPED e2e agent workspace: no Chromium found (install Debian package chromium or set CHROME_PATH)');

/** A phone's browser: headless Chromium's own user agent is (rightly) ignored by the report's analytics as a bot. */
const IPHONE_UA =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

interface OutboxMessage {
  id: string;
  purpose: string;
  to: string;
  body: string;
}

describe.skipIf(!chromePath)('e2e: the agent signs in with a texted code, sees a new lead arrive, follows it, edits the landing page', () => {
  let app: StartedCommand;
  let browser: Browser;

  beforeAll(async () => {
    app = await runStartCommand();
    browser = await chromium.launch({
      executablePath: chromePath!,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const outbox = async (): Promise<OutboxMessage[]> => (await (await fetch(`${app.apiUrl}/v1/dev/outbox`)).json()).messages;

  async function submitLead(page: Page): Promise<string> {
    await page.goto(app.landingUrl);
    await page.locator('form[data-hydrated]').waitFor();
    await page.getByLabel('Mobile phone').fill('(201) 555-0188');
    const address = page.getByRole('combobox', { name: 'Property address' });
    await address.pressSequentially('1156 N 93rd', { delay: 30 });
    const option = page.getByRole('option').filter({ hasText: '1156 N 93rd St' }).first();
    await option.waitFor({ timeout: 10_000 });
    await option.click();
    await page.getByRole('checkbox', { name: /^I agree/ }).check();
    await page.getByRole('button', { name: 'Get my home value' }).click();
    await page.waitForURL(/\/r\/[A-Za-z0-9_-]{20,}$/, { timeout: 15_000 });
    return new URL(page.url()).pathname.split('/').pop()!;
  }

  it('runs the agent flow end to end', async () => {
    const printed = /Agent sign-in:\s+(\S+)\s+\(demo agent's phone: (\+\d+)\)/.exec(app.output());
    expect(printed, app.output()).not.toBeNull();
    const [, signInUrl, demoPhone] = printed!;

    // the agent signs in on a phone-sized screen with the code texted to the outbox
    const agent = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await agent.goto(`${app.baseUrl}/agent`);
    await agent.waitForURL(/\/agent\/sign-in/);
    expect(new URL(signInUrl!).pathname).toBe('/agent/sign-in');
    const before = new Set((await outbox()).map((m) => m.id));
    await agent.getByLabel('Mobile number or e-mail').fill(demoPhone!);
    await agent.getByRole('button', { name: 'Text me a code' }).click();
    await agent.getByLabel('6-digit code').waitFor();
    const code = await pollUntil(async () => {
      const text = (await outbox()).find((m) => m.purpose === 'sign_in' && m.to === demoPhone && !before.has(m.id));
      return text ? /\b(\d{6})\b/.exec(text.body)?.[1] : undefined;
    }, 15_000);
    await agent.getByLabel('6-digit code').fill(code);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('heading', { name: /^Leads/ }).waitFor({ timeout: 15_000 });
    expect(new URL(agent.url()).pathname).toBe('/agent');

    // a homeowner submits; the lead appears in the open inbox without a reload
    const homeowner = await (await browser.newContext({ viewport: { width: 390, height: 844 }, userAgent: IPHONE_UA })).newPage();
    const reportId = await submitLead(homeowner);
    const row = agent.locator(`a[href="/agent/leads/${reportId}"]`);
    await row.waitFor({ timeout: 30_000 });
    await expect(row.textContent()).resolves.toContain('1156 N 93rd St');

    // the agent opens it; when the homeowner opens the report again, the view shows in the timeline
    await row.click();
    await agent.getByRole('heading', { name: /1156 N 93rd St/ }).waitFor();
    await expect(agent.getByRole('link', { name: 'Call' }).getAttribute('href')).resolves.toBe('tel:+12015550188');
    const views = () => agent.locator('#timeline .event-view').count();
    const seen = await views();
    await homeowner.goto(`${app.baseUrl}/r/${reportId}`);
    await homeowner.getByRole('heading', { name: /Estimated value/ }).waitFor({ timeout: 30_000 });
    await pollUntil(async () => ((await views()) > seen ? true : undefined), 30_000, 500);
    await expect(agent.locator('#timeline .event-view').last().textContent()).resolves.toMatch(/Opened the report.*mobile/s);

    // pipeline status and a note
    await agent.getByLabel('Pipeline status').selectOption('contacted');
    await agent.getByText('Saved.').waitFor();
    await agent.getByLabel('Add a note').fill('Called — wants a walkthrough');
    await agent.getByRole('button', { name: 'Save note' }).click();
    await agent.getByText('Called — wants a walkthrough').waitFor();

    // the agent changes the headline; the landing page shows it at once
    await agent.getByRole('link', { name: 'My page' }).click();
    await agent.getByLabel('Headline', { exact: true }).fill('Thinking of selling in Ballard?');
    await agent.getByRole('button', { name: 'Save changes' }).click();
    await agent.getByText('Saved. Your page shows the changes now.').waitFor();
    const visitor = await browser.newPage();
    await visitor.goto(app.landingUrl);
    await expect(visitor.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Thinking of selling in Ballard?');
    await visitor.close();

    // sign out everywhere: the inbox asks to sign in again
    await agent.getByRole('button', { name: 'Sign out everywhere' }).click();
    await agent.waitForURL(/\/agent\/sign-in/);
    await agent.goto(`${app.baseUrl}/agent`);
    await agent.waitForURL(/\/agent\/sign-in\?next=/);
  }, 180_000);
});
