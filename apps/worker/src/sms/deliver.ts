import {
  getSmsLog,
  isOptedOut,
  recordOptOut,
  recordSmsAccepted,
  renewSmsClaim,
  smsStatusFromProvider,
  UNSUBSCRIBED_ERROR_CODE,
  updateSmsLog,
  type ClaimedSms,
  type Db,
} from '@opencma/db';
import { SmsError, type SmsSender } from '@opencma/sms';
import type { Logger } from 'pino';
import type { SmsBudget } from './budget';

export interface SmsDeps {
  db: Db;
  sms: SmsSender;
  logger: Logger;
  /** Waits before each retry of a failed provider call (and before a lookup after an ambiguous one). */
  retryDelaysMs?: number[];
  /** Twilio StatusCallback; each message's copy carries its sms_logs id as `?sms=`. */
  statusCallbackUrl?: string;
  /** The clock claims are renewed with (the reconciler's staleness is measured on it). */
  now?: () => Date;
  /** Report texts past this budget are held, not sent (decision 0018); absent = no budget. */
  budget?: SmsBudget;
}

/**
 * sent: the provider has the message (sent now, or found by a lookup and adopted); skipped: someone
 * else handles the row; failed / suppressed: recorded so; unresolved: not sent yet (refused with tries
 * left) or the outcome is unknown (the provider could not be asked): the row stays `sending` and the
 * reconciler resolves it later; held: over the SMS budget, recorded `held` until an operator releases or discards it.
 */
export type SendOnceResult = 'sent' | 'skipped' | 'failed' | 'suppressed' | 'unresolved' | 'held';

const TRANSIENT_RETRY_DELAYS_MS = [500, 1500, 4000];
/** Provider calls for one text in all (worker and reconciler runs together) before it is failed. */
export const MAX_SMS_ATTEMPTS = 12;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The StatusCallback URL for one message: the row's id lets a callback find the row before its SID is stored. */
export function statusCallbackFor(url: string, smsLogId: string): string {
  const u = new URL(url);
  u.searchParams.set('sms', smsLogId);
  return u.toString();
}

function asSmsError(err: unknown): SmsError {
  if (err instanceof SmsError) return err;
  return new SmsError((err as Error)?.message ?? String(err), { code: 'network', permanent: false, ambiguous: true, cause: err });
}

/**
 * Delivers a row this caller holds, exactly once by reconciliation (decision 0011): before every
 * provider call the claim is renewed (a row taken over by the reconciler is left alone); after an
 * ambiguous outcome (timeout, dropped connection, 5xx) the message is looked up at the provider and
 * adopted if it is there, and only sent again if it is not. Permanent errors are recorded; 21610
 * (unsubscribed) also records an opt-out.
 */
export async function deliverClaimedSms(deps: SmsDeps, row: ClaimedSms, opts: { lookupFirst: boolean }): Promise<SendOnceResult> {
  const { db } = deps;
  const log = deps.logger.child({ sms_id: row.id, recipient_role: row.recipient_role });
  const delays = deps.retryDelaysMs ?? TRANSIENT_RETRY_DELAYS_MS;
  const statusCallbackUrl = deps.statusCallbackUrl ? statusCallbackFor(deps.statusCallbackUrl, row.id) : undefined;
  let attempts = row.attempts;
  let needsLookup = opts.lookupFirst && Boolean(deps.sms.findSent);
  let lastError: SmsError | null = null;

  const adopt = async (providerMessageId: string, status: string) => {
    await recordSmsAccepted(db, row.id, { providerMessageId, status: smsStatusFromProvider(status) ?? 'queued', attempts });
    log.info({ provider_message_id: providerMessageId }, 'sms found at the provider; adopted, not sent again');
    return 'sent' as const;
  };
  const fail = async (err: SmsError | null, code: string) => {
    await updateSmsLog(db, row.id, { status: 'failed', attempts, error_code: code, error_message: err ? err.message.slice(0, 500) : null });
    return 'failed' as const;
  };

  for (let round = 0; round <= delays.length; round++) {
    // The claim was just taken for the first round; later rounds renew it (or find it gone).
    if (round > 0) await sleep(delays[round - 1] ?? 1000);
    if (round > 0 && !(await renewSmsClaim(db, row.id, row.claim_id, deps.now?.()))) {
      log.info('sms resolved or taken over elsewhere; this run stops');
      return 'skipped';
    }
    if (needsLookup && deps.sms.findSent) {
      // A status callback carrying this row's handle may already have named the message.
      const current = await getSmsLog(db, row.id);
      if (current?.provider_message_id) return adopt(current.provider_message_id, 'queued');
      let found: Awaited<ReturnType<NonNullable<SmsSender['findSent']>>>;
      try {
        found = await deps.sms.findSent({ to: row.to, body: row.body, since: row.created_at });
      } catch (err) {
        lastError = asSmsError(err);
        log.warn({ code: String(lastError.code), round }, 'sms lookup failed; not sending blindly');
        continue;
      }
      if (found) return adopt(found.providerMessageId, found.status);
      needsLookup = false;
      // Renewed again: the lookup took time, and the claim must be fresh while the message is sent.
      if (!(await renewSmsClaim(db, row.id, row.claim_id, deps.now?.()))) return 'skipped';
    }
    if (opts.lookupFirst && (await isOptedOut(db, row.to))) {
      await updateSmsLog(db, row.id, { status: 'suppressed', error_code: 'opted_out' });
      log.info('recipient opted out meanwhile; sms suppressed');
      return 'suppressed';
    }
    if (attempts >= MAX_SMS_ATTEMPTS) return fail(lastError, lastError ? String(lastError.code) : 'too_many_attempts');

    attempts++;
    let result: Awaited<ReturnType<SmsSender['send']>>;
    try {
      result = await deps.sms.send({ to: row.to, body: row.body, statusCallbackUrl });
    } catch (err) {
      const smsErr = asSmsError(err);
      const code = String(smsErr.code);
      log.warn({ code, permanent: smsErr.permanent, ambiguous: smsErr.ambiguous, attempt: attempts }, 'sms send failed');
      if (code === UNSUBSCRIBED_ERROR_CODE) await recordOptOut(db, row.to, UNSUBSCRIBED_ERROR_CODE);
      if (smsErr.permanent) return fail(smsErr, code);
      await updateSmsLog(db, row.id, { attempts, error_code: code });
      needsLookup = smsErr.ambiguous && Boolean(deps.sms.findSent);
      lastError = smsErr;
      continue;
    }
    // Sent. If recording it fails the row stays `sending`; the reconciler finds the message and adopts it.
    try {
      await recordSmsAccepted(db, row.id, {
        providerMessageId: result.providerMessageId,
        status: deps.sms.provider === 'outbox' ? 'sent' : (smsStatusFromProvider(result.status) ?? 'sent'),
        attempts,
      });
    } catch (err) {
      log.error({ err, provider_message_id: result.providerMessageId }, 'sms sent but its log could not be updated; left for the reconciler');
    }
    log.info({ provider: deps.sms.provider, provider_message_id: result.providerMessageId }, 'sms sent');
    return 'sent';
  }
  // Out of quick retries. Unknown outcome, or refused (429s, connection refused) with tries left: the row
  // stays `sending` and the reconciler looks it up and tries again once the claim is stale (a longer
  // back-off), until MAX_SMS_ATTEMPTS in all. A busy or briefly down provider does not lose the text.
  if (needsLookup || attempts < MAX_SMS_ATTEMPTS) {
    log.warn({ code: lastError ? String(lastError.code) : null, attempts }, 'sms not sent yet; left sending for the reconciler');
    return 'unresolved';
  }
  return fail(lastError, lastError ? String(lastError.code) : 'network');
}
