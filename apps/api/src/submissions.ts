import { consentDisclosure, type ConsentVersion } from '@opencma/core';
import { findRecentDuplicate, insertPendingReportOnce, insertPendingReportWithEvent } from '@opencma/db';
import { PROCESS_CONSUMER_REPORT, type ProcessConsumerReportJob } from '@opencma/queue';
import { dispatchLeadEventSoon } from './lead-events';
import type { FastifyBaseLogger } from 'fastify';
import type { SubmissionLimits } from './abuse/rate-limits';
import type { AgentLookup } from './agent-lookup';
import { verifyTurnstile } from './abuse/turnstile';
import type { ApiDeps } from './deps';
import { ApiError, notFound, validationError } from './errors';
import { maskPhone, normalizeConsumerPhone } from '@opencma/contracts';
import type { CreateConsumerReportBody } from './schemas';

export interface SubmissionContext {
  ip: string;
  userAgent: string | null;
  log: FastifyBaseLogger;
}

export interface Accepted {
  report_id: string;
  status: 'pending' | 'processing' | 'completed' | 'failed';
  /** True when an identical recent submission already exists and was returned instead. */
  duplicate: boolean;
}

/**
 * A consumer's request for a report, in the order that keeps abuse cheap: honeypot, phone (allowed
 * countries) and Turnstile before anything is looked up or stored; the per-IP limit before the
 * database; a repeat of the same phone + address within DEDUPE_WINDOW_HOURS returns the existing
 * report (no new row, job or texts) before the per-phone and per-agent limits count it, and the
 * insert itself is atomic with that check (insertPendingReportOnce), so simultaneous repeats too
 * make one report.
 * The agent comes from `agents` (remembered for a few seconds, see AGENT_CACHE_TTL_MS). A 202 means
 * the row is stored; the job is queued too, or (queue unreachable) the sweeper queues it later.
 */
export async function acceptSubmission(
  deps: ApiDeps,
  { limits, agents }: { limits: SubmissionLimits; agents: AgentLookup },
  body: CreateConsumerReportBody,
  ctx: SubmissionContext,
): Promise<Accepted> {
  const { db } = deps.database;
  if (body.website) throw new ApiError(400, 'rejected', 'This submission could not be accepted.');
  const phone = normalizeConsumerPhone(body.phone, deps.config.ALLOWED_COUNTRIES);
  if (!phone.ok) throw validationError({ phone: phone.message });
  await verifyTurnstile(deps.config, body.turnstile_token, ctx.ip);
  await limits.consume('ip', ctx.ip);

  const agent = await agents.find(body.agent_code);
  if (!agent) throw notFound('Agent', 'agent_not_found');

  const windowMs = deps.config.DEDUPE_WINDOW_HOURS * 3600_000;
  const since = new Date(Date.now() - windowMs);
  const repeatOf = { agent_id: agent.id, consumer_phone: phone.e164, property_address: body.address, since };
  if (windowMs > 0) {
    // fast path: a repeat returns its report before it counts against the phone and agent limits
    const existing = await findRecentDuplicate(db, repeatOf);
    if (existing) return repeated(existing, agent.agent_code, ctx);
  }
  await limits.consume('phone', phone.e164);
  await limits.consume('agent', agent.id);

  // The consent record is the server's: the disclosure version the page showed, rendered here for
  // this agent (never text a client sends), and the agent's page as this server serves it.
  const row = {
    agent_id: agent.id,
    consumer_phone: phone.e164,
    property_address: body.address,
    place: body.place ?? null,
    consumer_facts: body.facts && Object.keys(body.facts).length ? body.facts : null,
    consent_version: body.consent_version,
    consent_text: consentDisclosure(body.consent_version as ConsentVersion, { agentName: agent.name, brokerage: agent.brokerage }),
    consent_at: new Date(),
    consent_ip: ctx.ip,
    consent_user_agent: ctx.userAgent,
    consent_page_url: `${deps.config.publicBaseUrl}/cma/${encodeURIComponent(agent.agent_code)}`,
  };
  // atomic with the repeat check: of identical submissions at once, one stores the row, the others get it
  const stored =
    windowMs > 0
      ? await insertPendingReportOnce(db, row, since)
      : { ...(await insertPendingReportWithEvent(db, row)), status: 'pending' as const, created: true };
  if (!stored.created) return repeated(stored, agent.agent_code, ctx);
  const reportId = stored.id;
  ctx.log.info({ report_id: reportId, agent_code: agent.agent_code, phone: maskPhone(phone.e164) }, 'consumer report accepted');
  // The lead.created event was stored with the row (decision 0019); its dispatch is queued beside the report's job.
  await Promise.all([
    deps.queue.enqueue<ProcessConsumerReportJob>(PROCESS_CONSUMER_REPORT, { report_id: reportId }, { dedupeKey: reportId }).catch((err) => {
      // The row is stored; the sweeper re-enqueues pending reports, so the submission is not lost.
      ctx.log.error({ err, report_id: reportId }, 'enqueue failed; report left pending for the sweeper');
    }),
    dispatchLeadEventSoon(deps.queue, ctx.log, stored.eventId),
  ]);
  return { report_id: reportId, status: 'pending', duplicate: false };
}

/** A repeat of a recent submission: its report, and nothing stored, queued or texted again. */
function repeated(existing: { id: string; status: Accepted['status'] }, agentCode: string, ctx: SubmissionContext): Accepted {
  ctx.log.info({ report_id: existing.id, agent_code: agentCode }, 'repeat submission; existing report returned');
  return { report_id: existing.id, status: existing.status, duplicate: true };
}
