import { smsStatusFromProvider, claimSms, isOptedOut, recordSuppressedSms, updateSmsLog, type Db, type SmsRecipientRole } from '@opencma/db';
import { SmsError, type SmsSender } from '@opencma/sms';
import type { Logger } from 'pino';

export interface SendOnceInput {
  report_id: string;
  recipient_role: SmsRecipientRole;
  to: string;
  body: string;
}

export type SendOnceResult = 'sent' | 'skipped' | 'failed' | 'suppressed';

const TRANSIENT_RETRY_DELAYS_MS = [500, 1500, 4000];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Sends one text at most once per (report, role): the sms_logs row is claimed before the provider
 * is called, so a retried or duplicated job finds it and sends nothing. Transient provider errors are
 * retried here with backoff; permanent ones are recorded. An SMS failure never throws (it must not
 * fail the report); only an unreachable database does, before anything is claimed, so the job is
 * retried and sends the text then.
 */
export async function sendSmsOnce(
  deps: { db: Db; sms: SmsSender; logger: Logger; retryDelaysMs?: number[]; statusCallbackUrl?: string },
  input: SendOnceInput,
): Promise<SendOnceResult> {
  const log = deps.logger.child({ report_id: input.report_id, recipient_role: input.recipient_role });
  let row: Awaited<ReturnType<typeof claimSms>> | undefined;
  try {
    if (await isOptedOut(deps.db, input.to)) {
      // Replied STOP: record the message as suppressed; the provider is never called.
      await recordSuppressedSms(deps.db, { ...input, provider: deps.sms.provider });
      log.info('recipient opted out; sms suppressed');
      return 'suppressed';
    }
    row = await claimSms(deps.db, { ...input, provider: deps.sms.provider });
  } catch (err) {
    // The database is unreachable: nothing was claimed or sent. Throw so the job is retried and
    // the text goes out then (returning here would complete the job and lose the text for good).
    log.error({ err }, 'could not record sms');
    throw err;
  }
  if (!row) {
    log.info('sms already handled; not sending again');
    return 'skipped';
  }
  const delays = deps.retryDelaysMs ?? TRANSIENT_RETRY_DELAYS_MS;
  for (let attempt = 1; ; attempt++) {
    let result: Awaited<ReturnType<SmsSender['send']>>;
    try {
      result = await deps.sms.send({ to: input.to, body: input.body, statusCallbackUrl: deps.statusCallbackUrl });
    } catch (err) {
      const smsErr = err instanceof SmsError ? err : null;
      const permanent = smsErr?.permanent ?? false;
      const code = smsErr ? String(smsErr.code) : 'network';
      const retry = !permanent && attempt <= delays.length;
      log.warn({ code, permanent, attempt, retry }, 'sms send failed');
      if (!retry) {
        await updateSmsLog(deps.db, row.id, {
          status: 'failed',
          attempts: attempt,
          error_code: code,
          error_message: (err as Error).message.slice(0, 500),
        });
        return 'failed';
      }
      await updateSmsLog(deps.db, row.id, { attempts: attempt, error_code: code });
      await sleep(delays[attempt - 1] ?? 1000);
      continue;
    }
    // Sent: recording it must not count as a send failure (that would send the text again). If the
    // database is unreachable now, the row stays `sending` and is never sent again.
    try {
      await updateSmsLog(deps.db, row.id, {
        status: deps.sms.provider === 'outbox' ? 'sent' : (smsStatusFromProvider(result.status) ?? 'sent'),
        provider_message_id: result.providerMessageId,
        attempts: attempt,
        sent_at: new Date(),
        error_code: null,
        error_message: null,
      });
    } catch (err) {
      log.error({ err, provider_message_id: result.providerMessageId }, 'sms sent but its log could not be updated; left as sending');
    }
    log.info({ provider: deps.sms.provider, provider_message_id: result.providerMessageId }, 'sms sent');
    return 'sent';
  }
}
