import { chromium, type Browser } from 'playwright-core';
import { CURRENT_CONSENT_VERSION } from '@opencma/core';
import { pollUntil } from './poll';

/** The system Chromium, headless, with the flags this machine's closed network needs. */
export function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** The demo agent's report for 1156 N 93rd St, requested through the API from `phone`; resolves when completed. */
export async function completedDemoReport(apiUrl: string, phone: string): Promise<string> {
  const res = await fetch(`${apiUrl}/v1/consumer-reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      agent_code: 'demo',
      phone,
      address: '1156 N 93rd St, Seattle, WA 98103',
      consent: true,
      consent_version: CURRENT_CONSENT_VERSION,
    }),
  });
  if (res.status !== 202) throw new Error(`report request answered ${res.status}`);
  const reportId = ((await res.json()) as { report_id: string }).report_id;
  await pollUntil(async () => {
    const r = (await (await fetch(`${apiUrl}/v1/consumer-reports/${reportId}`)).json()) as { status: string };
    return r.status === 'completed' ? true : undefined;
  }, 90_000);
  return reportId;
}
