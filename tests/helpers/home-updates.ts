/**
 * What the homeowners' value-update tests (decisions 0028, 0034–0037) share: the system they run on, the
 * subscriptions to a report (requestReport and completedReport in ./test-system), a cycle run through the
 * queue and the e-mail an update sent. Each function takes the running system; the tests keep their own
 * assertions.
 */
import { expect } from 'vitest';
import { eq } from 'drizzle-orm';
import { CURRENT_HOME_UPDATE_CONSENT_VERSION } from '@opencma/core';
import { schema } from '@opencma/db';
import { PLAN_HOME_UPDATES, SEND_HOME_UPDATE } from '@opencma/queue';
import type { RunningSystem, StartSystemOptions } from '@opencma/runtime';
import { pollUntil } from './poll';
import { startTestSystem, type TestSystem } from './test-system';

/** The e-mail opt-in's consent, in its current version. */
export const EMAIL_CONSENT = { consent: true, consent_version: CURRENT_HOME_UPDATE_CONSENT_VERSION };

/**
 * A system for value updates on a fresh test database: no PDFs, no report dedupe, no update schedule (the
 * tests run the cycles). `env` adds to that (MLS_AS_OF, ADMIN_TOKEN, an SMS provider…).
 */
export function startHomeUpdatesSystem(env: Record<string, string> = {}, options: Partial<StartSystemOptions> = {}): Promise<TestSystem> {
  return startTestSystem({ PDF_DISABLED: 'true', DEDUPE_WINDOW_HOURS: '0', HOME_UPDATES_CRON: 'off', ...env }, options);
}

/** POSTs a subscription to the report's updates, as JSON: the answer, unchecked. */
export function postSubscription(system: RunningSystem, reportId: string, payload: Record<string, unknown>) {
  return system.api.inject({ method: 'POST', url: `/v1/consumer-reports/${reportId}/subscriptions`, payload });
}

/** Subscribes an address to the report's monthly updates by e-mail, with the current consent (a 201). */
export async function subscribeByEmail(system: RunningSystem, reportId: string, email: string): Promise<void> {
  const res = await postSubscription(system, reportId, { email, frequency: 'monthly', ...EMAIL_CONSENT });
  expect(res.statusCode).toBe(201);
}

/** The one-click unsubscribe (RFC 8058) of a subscription's token, as a mail client POSTs it. */
export function unsubscribeOneClick(system: RunningSystem, token: string) {
  return system.api.inject({
    method: 'POST',
    url: `/v1/home-updates/unsubscribe/${token}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'List-Unsubscribe=One-Click',
  });
}

/** Every subscription, of every home. */
export function homeSubscriptions(system: RunningSystem) {
  return system.database.db.select().from(schema.home_subscriptions);
}

/** The updates of one period (`YYYY-MM`). */
export function homeUpdatesOf(system: RunningSystem, period: string) {
  return system.database.db.select().from(schema.home_updates).where(eq(schema.home_updates.period, period));
}

/** The e-mails the local SMTP server received for one update. */
export function updateMails(system: RunningSystem, updateId: string) {
  return system.localSmtp!.messages().filter((m) => m.messageId === `<home-update-${updateId}@opencma.localhost>`);
}

/** Waits until a queue has nothing waiting and nothing running. */
export function queueIdle(system: RunningSystem, name: string, timeoutMs = 60_000): Promise<true> {
  return pollUntil(async () => {
    const c = await system.queue.counts(name);
    return c.waiting === 0 && c.active === 0 ? true : undefined;
  }, timeoutMs);
}

/** Queues a cycle at `asOf` (a new job each time) and waits until its planning is done. */
export async function planCycle(system: RunningSystem, asOf: string): Promise<void> {
  await system.queue.enqueue(PLAN_HOME_UPDATES, { as_of: asOf }, { dedupeKey: `cycle-${asOf}-${Math.random()}` });
  await queueIdle(system, PLAN_HOME_UPDATES);
}

/**
 * Runs one cycle at `asOf` through the queue and waits until every update of its period is settled (neither
 * pending nor sending) with no send job left; the period's updates. `atLeastOne`: wait for one update too.
 */
export async function runCycle(system: RunningSystem, asOf: string, { timeoutMs = 120_000, atLeastOne = false } = {}) {
  await planCycle(system, asOf);
  return pollUntil(async () => {
    const rows = await homeUpdatesOf(system, asOf.slice(0, 7));
    const sends = await system.queue.counts(SEND_HOME_UPDATE);
    const settled = rows.every((r) => r.status !== 'pending' && r.status !== 'sending');
    return (!atLeastOne || rows.length > 0) && sends.waiting === 0 && sends.active === 0 && settled ? rows : undefined;
  }, timeoutMs);
}
