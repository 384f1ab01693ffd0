import { claimSms, isOptedOut, recordHeldSms, recordSuppressedSms, type SmsRecipientRole } from '@opencma/db';
import { checkSmsBudget } from './budget';
import { deliverClaimedSms, type SendOnceResult, type SmsDeps } from './deliver';

export type { SendOnceResult, SmsDeps } from './deliver';

export interface SendOnceInput {
  report_id: string;
  recipient_role: SmsRecipientRole;
  to: string;
  body: string;
  /** Agent lead alerts: the agent and the clock hour they count in (decision 0024). */
  agent_id?: string;
  alert_window?: Date;
}

/**
 * Sends one text exactly once per (report, role): the sms_logs row is claimed before the provider is
 * called, so a retried or duplicated job finds it and sends nothing; an ambiguous provider answer is
 * resolved by looking the message up, and a row left `sending` (dead worker) by the reconciler
 * (decisions 0003, 0011). An SMS failure never throws (it must not fail the report); only an
 * unreachable database does, before anything is claimed, so the job is retried and sends the text then.
 */
export async function sendSmsOnce(deps: SmsDeps, input: SendOnceInput): Promise<SendOnceResult> {
  const log = deps.logger.child({ recipient_role: input.recipient_role });
  let row: Awaited<ReturnType<typeof claimSms>>;
  try {
    if (await isOptedOut(deps.db, input.to)) {
      // Opted out: record the message as suppressed; the provider is never called.
      await recordSuppressedSms(deps.db, { ...input, provider: deps.sms.provider });
      log.info('recipient opted out; sms suppressed');
      return 'suppressed';
    }
    const full = deps.budget ? await checkSmsBudget(deps.db, deps.budget, deps.now?.()) : null;
    if (full) {
      // Over the budget: recorded `held` (no provider call) until an operator releases or discards it (decision 0018).
      if (!(await recordHeldSms(deps.db, { ...input, provider: deps.sms.provider }))) {
        log.info('sms already handled; not sending again');
        return 'skipped';
      }
      log.error({ window: full }, 'sms budget exhausted; text held for an operator (npm run sms -- held)');
      return 'held';
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
  try {
    return await deliverClaimedSms(deps, row, { lookupFirst: false });
  } catch (err) {
    // The database went away mid-send: the row stays `sending` and the reconciler resolves it.
    log.error({ err }, 'sms left sending for the reconciler');
    return 'unresolved';
  }
}
