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
 * retried here with backoff; permanent ones are recorded. Never throws: an SMS failure must not fail
 * the report.
 */
export async function sendSmsOnce(
  deps: { db: Db; sms: SmsSender; logger: Logger; retryDelaysMs?: number[]; statusCallbackUrl?: string },
  input: SendOnceInput,
): Promise<SendOnceResult> {
  const log = deps.logger.child({ report_id: input.report_id, recipient_role: input.recipient_role });
  let row;
  try {
    if (await isOptedOut(deps.db, input.to)) {
      // Replied STOP: record the message as suppressed; the provider is never called.
      await recordSuppressedSms(deps.db, { ...input, provider: deps.sms.provider });
      log.info('recipient opted out; sms suppressed');
      return 'suppressed';
    }
    row = await claimSms(deps.db, { ...input, provider: deps.sms.provider });
  } catch (err) {
    log.error({ err }, 'could not record sms');
    return 'failed';
  }
  if (!row) {
    log.info('sms already handled; not sending again');
    return 'skipped';
  }
  const delays = deps.retryDelaysMs ?? TRANSIENT_RETRY_DELAYS_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await deps.sms.send({ to: input.to, body: input.body, statusCallbackUrl: deps.statusCallbackUrl });
      await updateSmsLog(deps.db, row.id, {
        status: deps.sms.provider === 'outbox' ? 'sent' : (smsStatusFromProvider(result.status) ?? 'sent'),
        provider_message_id: result.providerMessageId,
        attempts: attempt,
        sent_at: new Date(),
        error_code: null,
        error_message: null,
      });
      log.info({ provider: deps.sms.provider, provider_message_id: result.providerMessageId }, 'sms sent');
      return 'sent';
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
    }
  }
}
