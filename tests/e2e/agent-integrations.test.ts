import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { findChrome } from '@opencma/pdf';
import { CURRENT_CONSENT_VERSION } from '@opencma/core';
import { pollUntil } from '../helpers/poll';
import { runStartCommand, type StartedCommand } from '../helpers/start-command';

const chromePath = findChrome();
if (!chromePath) console.warn('SKIPPED e2e agent integrations: no Chromium found (install Debian package chromium or set CHROME_PATH)');

interface DevWebhooks {
  receiver_url: string;
  requests: { webhook_id: string; path: string; type: string | null; verified: boolean; answer: number }[];
}

describe.skipIf(!chromePath)('e2e: an agent adds a webhook endpoint on /agent/integrations and it receives signed events', () => {
  let app: StartedCommand;
  let browser: Browser;

  beforeAll(async () => {
    // the local receiver listens on 127.0.0.1: the operator allows that host for local testing
    app = await runStartCommand({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' });
    browser = await chromium.launch({
      executablePath: chromePath!,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const devWebhooks = async (): Promise<DevWebhooks> => (await fetch(`${app.apiUrl}/v1/dev/webhooks`)).json() as Promise<DevWebhooks>;
  const outbox = async (): Promise<{ id: string; purpose: string; to: string; body: string }[]> =>
    (await (await fetch(`${app.apiUrl}/v1/dev/outbox`)).json()).messages;

  it('add (secret shown once) → test event → a real lead → deliveries listed → turn off → delete', async () => {
    const demoPhone = /demo agent's phone: (\+\d+)/.exec(app.output())?.[1];
    expect(demoPhone, app.output()).toBeTruthy();
    const page = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    page.on('dialog', (d) => d.accept());
    await page.goto(`${app.baseUrl}/agent/integrations`);
    await page.waitForURL(/\/agent\/sign-in/);
    const before = new Set((await outbox()).map((m) => m.id));
    await page.getByLabel('Mobile number or e-mail').fill(demoPhone!);
    await page.getByRole('button', { name: 'Text me a code' }).click();
    await page.getByLabel('6-digit code').waitFor();
    const code = await pollUntil(async () => {
      const text = (await outbox()).find((m) => m.purpose === 'sign_in' && m.to === demoPhone && !before.has(m.id));
      return text ? /\b(\d{6})\b/.exec(text.body)?.[1] : undefined;
    }, 15_000);
    await page.getByLabel('6-digit code').fill(code);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Integrations' }).waitFor({ timeout: 15_000 });

    // a private address is refused with the reason, next to the field
    await page.getByLabel('Endpoint URL').fill('https://10.0.0.1/hook');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await expect.poll(() => page.locator('#webhook_url-error').textContent()).toContain('private address');

    const { receiver_url } = await devWebhooks();
    const url = `${receiver_url}/hooks/demo`;
    await page.getByLabel('Endpoint URL').fill(url);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = page.locator('#webhook-secret-value');
    await expect.poll(() => secret.textContent()).toMatch(/^whsec_/);
    await page.getByRole('button', { name: 'I have stored it' }).click();
    const card = page.locator('[data-endpoint]').filter({ hasText: url });
    await card.waitFor();
    expect(await page.content()).not.toContain('whsec_');

    await card.getByRole('button', { name: 'Send a test event' }).click();
    await expect.poll(() => card.locator('[data-webhook-status]').textContent(), { timeout: 15_000 }).toContain('Delivered');
    expect((await devWebhooks()).requests[0]).toMatchObject({ path: '/hooks/demo', type: 'webhook.test', verified: true, answer: 200 });

    // a homeowner's request goes out as lead.created and report.completed, verified by the receiver
    const res = await fetch(`${app.apiUrl}/v1/consumer-reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        agent_code: 'demo',
        phone: '201-555-0190',
        address: '1156 N 93rd St, Seattle, WA 98103',
        place: { postalCode: '98103' },
        consent: true,
        consent_version: CURRENT_CONSENT_VERSION,
      }),
    });
    expect(res.status).toBe(202);
    await pollUntil(
      async () => {
        const types = (await devWebhooks()).requests.filter((r) => r.verified && r.answer === 200).map((r) => r.type);
        return types.includes('lead.created') && types.includes('report.completed') ? true : undefined;
      },
      60_000,
      250,
    );
    await pollUntil(
      async () => {
        await page.reload();
        const text = (await card.textContent()) ?? '';
        return text.includes('lead.created') && text.includes('report.completed') ? true : undefined;
      },
      30_000,
      1000,
    );
    expect(await card.locator('.badge-completed', { hasText: 'sent' }).count()).toBe(2);

    await card.getByRole('button', { name: 'Turn off' }).click();
    await card.getByRole('button', { name: 'Turn on' }).waitFor();
    await card.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No endpoints yet.').waitFor();
  });
});
