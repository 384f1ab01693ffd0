import {
  brokerageOf,
  claimHomeUpdate,
  findAgentById,
  finishHomeUpdate,
  getConsumerReport,
  getHomeSubscription,
  getHomeUpdate,
  previousSentHomeUpdate,
  releaseHomeUpdateClaim,
  skipHomeUpdate,
} from '@opencma/db';
import type { WorkerDeps } from '../deps';
import { homeUpdateExtras } from './content';
import { renderHomeUpdateEmail } from './email';
import { trackHomeUpdateEmail } from './tracking';
import { sendHomeUpdateText } from './text';
import { valueHomeAgain } from './value-again';

export type SendHomeUpdateResult = 'sent' | 'failed' | 'retry' | 'skipped';

/** Where an update's unsubscribe (RFC 8058 one-click POST) and preferences page live. */
export const unsubscribeUrl = (publicBaseUrl: string, token: string) => `${publicBaseUrl}/v1/home-updates/unsubscribe/${encodeURIComponent(token)}`;

/** Stable across retries of one update: the recipient's mail client can spot a repeat. */
const messageIdOf = (updateId: string, from: string) =>
  `<home-update-${updateId}@${/@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim())?.[1] ?? 'opencma.localhost'}>`;

/**
 * send_home_update (decision 0028): values the home again through the report's own path
 * (gatherValuation, as of `asOf` when the cycle runs at a past date), claims the row (only the claimer
 * sends; a duplicated job finds it claimed or sent and sends nothing), e-mails the update through the
 * Mailer and records the outcome. A mail server's "try later" gives the claim back and the job is
 * retried ('retry'); an update whose home cannot be valued any more is marked failed.
 */
export async function sendHomeUpdate(
  deps: WorkerDeps,
  updateId: string,
  opts: { asOf?: string; lastAttempt?: boolean } = {},
): Promise<SendHomeUpdateResult> {
  const { db } = deps.database;
  const log = deps.logger.child({ home_update_id: updateId });
  const update = await getHomeUpdate(db, updateId);
  if (update?.status !== 'pending') return 'skipped';
  const sub = await getHomeSubscription(db, update.subscription_id);
  if (sub?.status !== 'active') {
    await skipHomeUpdate(db, updateId, 'unsubscribed before it was sent');
    return 'skipped';
  }
  // value updates by text: quiet hours, opt-outs and the SMS exactly-once machinery (decision 0034)
  if (sub.channel === 'sms' || !sub.email) return sendHomeUpdateText(deps, update, sub, opts);
  const [report, owner] = await Promise.all([getConsumerReport(db, sub.report_id), findAgentById(db, sub.agent_id)]);
  if (!report || !owner) {
    await skipHomeUpdate(db, updateId, 'the report or its agent is gone');
    return 'skipped';
  }
  if (!deps.mailer) {
    log.error('no e-mail sender configured: home update left pending');
    return 'skipped';
  }
  const valued = await valueHomeAgain(deps, report, updateId, opts.asOf);
  if (valued === 'failed') return 'failed';
  const { gathered, estimate } = valued;
  const previous = await previousSentHomeUpdate(db, sub.id, update.period);

  const claimed = await claimHomeUpdate(db, updateId, deps.now(), valued.columns);
  if (!claimed?.claim_id) {
    log.info('home update handled elsewhere; not sending');
    return 'skipped';
  }
  const { config } = deps;
  const unsubscribe = unsubscribeUrl(config.publicBaseUrl, sub.unsubscribe_token);
  const branded = owner.account?.branding_enabled ?? false;
  const mail = renderHomeUpdateEmail({
    agent: {
      name: owner.agent.name,
      brokerage: brokerageOf(owner),
      brandColor: branded ? (owner.account?.primary_color ?? null) : null,
      email: owner.agent.email,
    },
    address: report.property_address,
    valuedAt: gathered.valuationDate,
    estimate,
    lastValue: previous?.estimate_value ?? null,
    firstValue: report.estimate_value,
    reportUrl: `${config.publicBaseUrl}/r/${report.id}`,
    unsubscribeUrl: unsubscribe,
    ...homeUpdateExtras({ publicBaseUrl: config.publicBaseUrl, gathered, estimate, report, previous, subscription: sub }),
  });
  Object.assign(mail, await trackHomeUpdateEmail(deps, claimed, mail)); // open pixel + click-through links (decision 0036)
  const outcome = await deps.mailer.send({
    from: config.EMAIL_FROM,
    to: sub.email,
    ...mail,
    messageId: messageIdOf(updateId, config.EMAIL_FROM),
    headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
  });
  if (outcome.kind === 'sent') {
    await finishHomeUpdate(db, updateId, claimed.claim_id, { status: 'sent', sent_at: deps.now() });
    log.info({ period: update.period }, 'home update sent');
    return 'sent';
  }
  if (outcome.kind === 'retry' && !opts.lastAttempt) {
    await releaseHomeUpdateClaim(db, updateId, claimed.claim_id, outcome.error.slice(0, 500));
    log.warn({ error: outcome.error.replace(/[^\s<>@"',;:]+@[^\s<>@"',;:]+/g, '[address]') }, 'home update not sent; will retry');
    return 'retry';
  }
  await finishHomeUpdate(db, updateId, claimed.claim_id, { status: 'failed', last_error: outcome.error.slice(0, 500) });
  log.error('home update failed');
  return 'failed';
}
