import { nextSmsSendTime } from '@opencma/core';
import {
  brokerageOf,
  deferHomeUpdate,
  endHomeTextSubscriptions,
  failHomeUpdateText,
  findAgentById,
  getConsumerReport,
  handOverHomeUpdateText,
  isOptedOut,
  previousSentHomeUpdate,
  recordSuppressedHomeUpdateText,
  skipHomeUpdate,
  type HomeSubscription,
  type HomeUpdate,
} from '@opencma/db';
import { SEND_HOME_UPDATE, type SendHomeUpdateJob } from '@opencma/queue';
import type { WorkerDeps } from '../deps';
import { checkSmsBudget, type SmsBudget } from '../sms/budget';
import { deliverClaimedSms } from '../sms/deliver';
import { homeUpdateText } from '../sms/messages';
import { historyUrl } from './content';
import { valueHomeAgain } from './value-again';

/** The result `sendHomeUpdate` reports (send.ts); a deferred text is 'skipped' for now and its job comes back at `not_before`. */
type TextResult = 'sent' | 'failed' | 'skipped';

/** Value-update texts stop at this share of each SMS budget window, so a cycle never takes the texts of new leads (decision 0034). */
export const UPDATE_SHARE_OF_SMS_BUDGET = 0.8;
/** How long a text deferred by the budget waits before it is tried again (then quiet hours apply again). */
const BUDGET_RETRY_MS = 15 * 60_000;

/** The part of the SMS budget value-update texts may use (0 stays "no limit"). */
export function updateTextBudget(budget: SmsBudget): SmsBudget {
  const share = (n: number) => (n > 0 ? Math.max(1, Math.floor(n * UPDATE_SHARE_OF_SMS_BUDGET)) : 0);
  return { perDay: share(budget.perDay), perHour: share(budget.perHour) };
}

/**
 * Defers a pending update to `at` (not_before, which the sweeper respects) and queues a delayed job for
 * then (its own dedupe key: the sweeper's job for the update, keyed by its id, is not held back by it).
 * Whichever runs first at or after `at` sends; the other finds the update handed over.
 */
async function defer(deps: WorkerDeps, update: HomeUpdate, at: Date, reason: string, asOf: string | undefined): Promise<TextResult> {
  if (!(await deferHomeUpdate(deps.database.db, update.id, at, reason))) return 'skipped';
  const delayMs = Math.max(1, at.getTime() - deps.now().getTime());
  await deps.queue
    ?.enqueue<SendHomeUpdateJob>(
      SEND_HOME_UPDATE,
      { update_id: update.id, ...(asOf ? { as_of: asOf } : {}) },
      { dedupeKey: `${update.id}@${at.toISOString()}`, delayMs },
    )
    .catch((err: unknown) =>
      deps.logger.warn({ err: (err as Error).message, home_update_id: update.id }, 'deferred home update not queued; the sweeper queues it'),
    );
  deps.logger.info({ home_update_id: update.id, not_before: at.toISOString(), reason }, 'home update text deferred');
  return 'skipped';
}

/**
 * send_home_update for a text subscription (decision 0034), called by send.ts: nothing to a number that
 * opted out (the subscription ends, the text is recorded suppressed); outside 08:00–20:00 in the home's
 * time zone, or past the updates' share of the SMS budget, the update is deferred (never dropped); else
 * the home is valued again (the report's own path, as of `asOf` for a past-date cycle) and the text is
 * handed to the exactly-once SMS machinery: the update and its one sms_logs row (claimed) in one
 * transaction, then delivered like any claimed text (decisions 0003/0011: a duplicated job finds it
 * handed over; a worker that dies mid-send leaves it to the reconciler, which looks it up before sending).
 */
export async function sendHomeUpdateText(
  deps: WorkerDeps,
  update: HomeUpdate,
  sub: HomeSubscription,
  opts: { asOf?: string } = {},
): Promise<TextResult> {
  const { db } = deps.database;
  const log = deps.logger.child({ home_update_id: update.id, channel: 'sms' });
  const phone = sub.phone;
  if (!phone) {
    await skipHomeUpdate(db, update.id, 'a text subscription without a number');
    return 'failed';
  }
  const provider = deps.sms.provider;
  if (await isOptedOut(db, phone)) {
    await endHomeTextSubscriptions(db, phone, deps.now());
    await recordSuppressedHomeUpdateText(db, update.id, { to: phone, body: '(not sent: the number replied STOP)', provider });
    await failHomeUpdateText(db, update.id, 'the number opted out of texts (STOP)');
    log.info('number opted out; home update text suppressed and the subscription ended');
    return 'skipped';
  }
  const zone = sub.time_zone;
  const quiet = async () => {
    const now = deps.now();
    const at = nextSmsSendTime(now, zone);
    return at.getTime() > now.getTime() ? defer(deps, update, at, 'quiet hours (08:00–20:00 local)', opts.asOf) : null;
  };
  const early = await quiet();
  if (early) return early;
  const budget = updateTextBudget({ perDay: deps.config.SMS_BUDGET_PER_DAY, perHour: deps.config.SMS_BUDGET_PER_HOUR });
  const full = await checkSmsBudget(db, budget, deps.now());
  if (full) {
    const at = nextSmsSendTime(new Date(deps.now().getTime() + BUDGET_RETRY_MS), zone);
    log.warn({ window: full }, 'SMS budget share for value updates used up; text deferred');
    return defer(deps, update, at, `SMS budget (${full})`, opts.asOf);
  }

  const [report, owner] = await Promise.all([getConsumerReport(db, sub.report_id), findAgentById(db, sub.agent_id)]);
  if (!report || !owner) {
    await skipHomeUpdate(db, update.id, 'the report or its agent is gone');
    return 'skipped';
  }
  const valued = await valueHomeAgain(deps, report, update.id, opts.asOf);
  if (valued === 'failed') return 'failed';
  // valuing takes a while: the window may have closed meanwhile
  const late = await quiet();
  if (late) return late;

  const { estimate } = valued;
  const previous = await previousSentHomeUpdate(db, sub.id, update.period);
  const before =
    previous?.estimate_value != null
      ? { value: previous.estimate_value, since: 'last update' as const }
      : report.estimate_value != null
        ? { value: report.estimate_value, since: 'your first report' as const }
        : null;
  const body = homeUpdateText(
    { agentName: owner.agent.name, brokerage: brokerageOf(owner) },
    {
      address: report.property_address,
      estimate: estimate?.value ?? null,
      before,
      reportUrl: historyUrl(deps.config.publicBaseUrl, report.id),
    },
  );
  const row = await handOverHomeUpdateText(db, {
    updateId: update.id,
    now: deps.now(),
    valued: valued.columns,
    text: { to: phone, body, provider },
  });
  if (!row) {
    log.info('home update handled elsewhere; not sending');
    return 'skipped';
  }
  const smsDeps = { db, sms: deps.sms, logger: deps.logger, now: deps.now, statusCallbackUrl: deps.config.twilioStatusCallbackUrl ?? undefined };
  const result = await deliverClaimedSms(smsDeps, row, { lookupFirst: false }).catch((err: unknown) => {
    // the database went away mid-send: the row stays `sending` and the reconciler resolves it
    log.error({ err }, 'home update text left sending for the reconciler');
    return 'unresolved' as const;
  });
  if (result === 'failed' || result === 'suppressed') {
    // refused for good (an invalid number, or 21610: the number had replied STOP, now recorded)
    if (await isOptedOut(db, phone)) await endHomeTextSubscriptions(db, phone, deps.now());
    await failHomeUpdateText(db, update.id, `the text was not sent (${result})`);
    log.warn({ result }, 'home update text not sent');
    return 'failed';
  }
  log.info({ period: update.period, result }, 'home update text sent');
  return 'sent';
}
