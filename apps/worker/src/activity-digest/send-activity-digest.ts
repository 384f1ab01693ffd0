import type { ActivityDigestSender } from '@opencma/delivery';
import { claimActivityDigest, isEmptyActivity, readActivityDigestAgent, readAgentDayActivity, recordActivityDigest, type Db } from '@opencma/db';
import { PermanentJobFailure, type SendActivityDigestJob } from '@opencma/queue';
import type { Logger } from 'pino';
import { agentLeadUrl } from '../deliveries/context';
import { utcDayBounds } from './days';

export interface ActivityDigestDeps {
  db: Db;
  /** null: no SMTP in this process (a worker started alone without SMTP_URL): nothing is sent. */
  sender: ActivityDigestSender | null;
  logger: Logger;
  now: () => Date;
  publicBaseUrl: string;
}

export type ActivityDigestResult = 'sent' | 'failed' | 'off' | 'empty' | 'taken' | 'no_sender';

/**
 * One agent's digest of one UTC day (decision 0030): nothing when the agent turned it off, has no address
 * or had no lead activity; else the row (agent, day) is claimed before the e-mail is sent, so a retried or
 * duplicated job, or another worker, sends nothing again. A temporary SMTP failure marks the row
 * `retrying` and throws, so the queue runs the job again (which takes the row back); a 5xx is final.
 * Everything the e-mail needs is read before the claim.
 */
export async function sendActivityDigest(deps: ActivityDigestDeps, job: SendActivityDigestJob): Promise<ActivityDigestResult> {
  const bounds = utcDayBounds(job.day);
  if (!bounds) throw new PermanentJobFailure(`send_activity_digest: bad day ${JSON.stringify(job.day)}`);
  const log = deps.logger.child({ agent_id: job.agent_id, day: job.day });
  const agent = await readActivityDigestAgent(deps.db, job.agent_id);
  if (!agent?.digestEnabled || !agent.email) return 'off';
  if (!deps.sender) {
    log.warn('activity digest not sent: no SMTP server configured in this worker (SMTP_URL)');
    return 'no_sender';
  }
  const activity = await readAgentDayActivity(deps.db, agent.id, bounds.from, bounds.to);
  if (isEmptyActivity(activity)) return 'empty';
  const claim = await claimActivityDigest(deps.db, agent.id, job.day);
  if (!claim) return 'taken';
  const outcome = await deps.sender.send({
    digestId: claim.id,
    to: agent.email,
    agent: { name: agent.name, brandColor: agent.brandColor, brokerage: agent.brokerage },
    day: job.day,
    activity,
    leadUrl: (reportId) => agentLeadUrl(deps.publicBaseUrl, reportId),
    settingsUrl: `${deps.publicBaseUrl}/agent/page`,
  });
  const at = deps.now();
  if (outcome.kind === 'sent') {
    await recordActivityDigest(deps.db, claim, { status: 'sent', responseStatus: outcome.responseStatus ?? null, at });
    log.info({ attempts: claim.attempts }, 'activity digest sent');
    return 'sent';
  }
  if (outcome.kind === 'failed') {
    await recordActivityDigest(deps.db, claim, { status: 'failed', responseStatus: outcome.responseStatus ?? null, error: outcome.error, at });
    log.warn({ err: outcome.error }, 'activity digest refused by the SMTP server');
    return 'failed';
  }
  await recordActivityDigest(deps.db, claim, { status: 'retrying', responseStatus: outcome.responseStatus ?? null, error: outcome.error, at });
  throw new Error(`activity digest not sent yet: ${outcome.error}`);
}
