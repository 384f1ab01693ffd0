import { claimLeadDigest, findDueDigestWindows, isOptedOut, updateSmsLog } from '@opencma/db';
import { alertWindow } from './alert-cap';
import { deliverClaimedSms, type SendOnceResult, type SmsDeps } from './deliver';
import { agentLeadDigestText } from './digest-text';

export interface DigestOutcome {
  agent_id: string;
  window: Date;
  result: SendOnceResult | 'moved' | 'empty';
  leads: number;
}

/**
 * Sends the digests of closed hours (decision 0024), from the sweeper of every worker: each (agent, hour)
 * is built and claimed in one transaction by one worker (claimLeadDigest), then delivered exactly once like
 * any claimed text (decision 0011): a worker dying mid-send leaves it to the stale-row reconciler.
 */
export async function sendDueDigests(
  deps: SmsDeps & { now: () => Date; inboxUrl: string; onDigest?: (result: SendOnceResult, leads: number) => void },
): Promise<DigestOutcome[]> {
  const now = deps.now();
  const current = alertWindow(now);
  const due = await findDueDigestWindows(deps.db, current);
  const outcomes: DigestOutcome[] = [];
  for (const { agent_id, alert_window } of due) {
    const claim = await claimLeadDigest(deps.db, {
      agent_id,
      alert_window,
      // Late leads (recorded after their hour's digest was built) go in the current hour's digest.
      nextWindow: current,
      provider: deps.sms.provider,
      now,
      compose: (addresses) => agentLeadDigestText(addresses, deps.inboxUrl),
    });
    if (claim.kind !== 'claimed') {
      outcomes.push({ agent_id, window: alert_window, result: claim.kind, leads: claim.kind === 'moved' ? claim.leads : 0 });
      continue;
    }
    const log = deps.logger.child({ sms_id: claim.row.id, recipient_role: 'agent' });
    let result: SendOnceResult;
    if (await isOptedOut(deps.db, claim.row.to)) {
      await updateSmsLog(deps.db, claim.row.id, { status: 'suppressed', error_code: 'opted_out' });
      result = 'suppressed';
    } else {
      result = await deliverClaimedSms(deps, claim.row, { lookupFirst: false }).catch((err: unknown) => {
        log.error({ err }, 'lead digest left sending for the reconciler');
        return 'unresolved' as const;
      });
    }
    log.info({ leads: claim.leads, window: alert_window.toISOString(), result }, 'hourly lead digest');
    deps.onDigest?.(result, claim.leads);
    outcomes.push({ agent_id, window: alert_window, result, leads: claim.leads });
  }
  return outcomes;
}
