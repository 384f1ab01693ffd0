import type { AlertRanks } from '@opencma/contracts';
import { agentLeadSmsStatus, countAgentAlerts, recordLeadInDigest } from '@opencma/db';
import { sendSmsOnce, type SendOnceInput, type SendOnceResult, type SmsDeps } from './send';

const HOUR_MS = 60 * 60_000;

/** The clock hour (UTC) a lead alert counts in: its start. */
export function alertWindow(now: Date): Date {
  return new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS);
}

export interface AlertCap {
  /** Lead alerts texted one by one per agent and clock hour; 0 = no cap. */
  perHour: number;
  /** Shared ranks (Redis) when present; the database count alone otherwise. */
  ranks?: AlertRanks | null;
}

/**
 * Texts an agent's lead alert, unless the agent already had `perHour` alerts this clock hour: then the
 * alert is recorded `in_digest` and goes out in the hour's digest (digest.ts). The rank is the larger of
 * the shared Redis rank (atomic across workers) and the database count (survives a Redis restart); a
 * report that already has an agent text decides nothing again (decision 0024).
 */
export async function sendAgentLeadOnce(
  deps: SmsDeps & { alerts: AlertCap },
  input: Omit<SendOnceInput, 'recipient_role'> & { agent_id: string },
): Promise<SendOnceResult | 'in_digest'> {
  const { agent_id, ...text } = input;
  const cap = deps.alerts.perHour;
  const window = alertWindow(deps.now?.() ?? new Date());
  const alert = { ...text, recipient_role: 'agent' as const, agent_id, alert_window: window };
  if (cap <= 0) return sendSmsOnce(deps, alert);
  const existing = await agentLeadSmsStatus(deps.db, input.report_id);
  // `pending`: claimed to be sent one by one, and the claim was cut short: sendSmsOnce takes it up again.
  if (existing === 'pending') return sendSmsOnce(deps, alert);
  if (existing) {
    deps.logger.info({ recipient_role: 'agent' }, 'sms already handled; not sending again');
    return 'skipped';
  }
  const [shared, counted] = await Promise.all([
    deps.alerts.ranks?.rank(agent_id, window, input.report_id).catch((err: unknown) => {
      deps.logger.warn({ err: (err as Error).message }, 'Redis unavailable for the agent alert cap; counting in the database');
      return 0;
    }) ?? 0,
    countAgentAlerts(deps.db, agent_id, window, input.report_id),
  ]);
  if (Math.max(shared, counted) < cap) return sendSmsOnce(deps, alert);
  if (!(await recordLeadInDigest(deps.db, { ...text, agent_id, alert_window: window, provider: deps.sms.provider }))) {
    deps.logger.info({ recipient_role: 'agent' }, 'sms already handled; not sending again');
    return 'skipped';
  }
  deps.logger.info(
    { recipient_role: 'agent', per_hour: cap, window: window.toISOString() },
    'agent alert cap reached; lead goes in the hourly digest',
  );
  return 'in_digest';
}
