import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { findChrome } from '@opencma/pdf';
import { runStartCommand, type StartedCommand } from '../helpers/start-command';

const chromePath = findChrome();
if (!chromePath) console.warn('SKIPPED e2e: no Chromium found (install Debian package chromium or set CHROME_PATH)');

describe.skipIf(!chromePath)('e2e: npm start → landing page → report, in headless Chromium', () => {
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

  it('prints the demo landing-page URL', () => {
    expect(app.landingUrl).toBe(`${app.baseUrl}/cma/demo`);
  });

  it('fills the landing page, submits, reaches a completed report with a working PDF, and texts both people once', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(app.landingUrl);
    await page.locator('form[data-hydrated]').waitFor();
    await expect(page.getByText('Jordan Avery').first().isVisible()).resolves.toBe(true);

    await page.getByLabel('Mobile phone').fill('(201) 555-0123');
    const address = page.getByRole('combobox', { name: 'Property address' });
    await address.pressSequentially('1156 N 93rd', { delay: 30 });
    const option = page.getByRole('option').filter({ hasText: '1156 N 93rd St' }).first();
    await option.waitFor({ timeout: 10_000 });
    await option.click();
    await page.getByRole('checkbox', { name: /^I agree/ }).check();
    await page.getByRole('button', { name: 'Get my home value' }).click();

    await page.waitForURL(/\/r\/[A-Za-z0-9_-]{20,}$/, { timeout: 15_000 });
    const reportId = new URL(page.url()).pathname.split('/').pop()!;
    await page.getByRole('heading', { name: /Estimated value/ }).waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: /Comparable sales/ }).waitFor();
    expect(await page.getByText('1156 N 93rd St').count()).toBeGreaterThan(0);

    const pdfLink = page.getByRole('link', { name: /Download PDF/ });
    await pdfLink.waitFor({ timeout: 30_000 });
    const href = await pdfLink.getAttribute('href');
    const pdf = await fetch(new URL(href!, app.baseUrl));
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const outbox = await (await fetch(`${app.apiUrl}/v1/dev/outbox?report_id=${reportId}`)).json();
    expect(outbox.messages).toHaveLength(2);
    const consumer = outbox.messages.find((m: { recipient_role: string }) => m.recipient_role === 'consumer');
    const agent = outbox.messages.find((m: { recipient_role: string }) => m.recipient_role === 'agent');
    expect(consumer.to).toBe('+12015550123');
    expect(consumer.body).toContain(`${app.baseUrl}/r/${reportId}`);
    expect(agent.body).toContain('(201) 555-0123');
    expect(agent.body).toContain(`${app.baseUrl}/agent/leads/${reportId}`);
    expect(agent.body).toContain('1156 N 93rd St');
    await page.close();
  }, 120_000);

  it('answers an unknown agent code with a real 404 page', async () => {
    const page = await browser.newPage();
    const res = await page.goto(`${app.baseUrl}/cma/nobody99`);
    expect(res?.status()).toBe(404);
    await page.close();
  });
});
