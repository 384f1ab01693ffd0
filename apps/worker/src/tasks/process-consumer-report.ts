import {
  circlePolygon,
  collectCandidateSales,
  compSearchAreas,
  computeMarketStats,
  haversineKm,
  isUsableCandidate,
  MARKET_RADIUS_KM,
  MARKET_RADIUS_MILES,
  type MarketStats,
  type Sale,
  type Subject,
  type ReportFailureCode,
  type Valuation,
} from '@opencma/core';
import {
  brokerageOf,
  finishConsumerReport,
  findAgentById,
  getConsumerReport,
  markReportProcessing,
  toReportModel,
  updateConsumerReport,
  type AgentWithAccount,
  type ConsumerReport,
} from '@opencma/db';
import { formatPhone } from '@opencma/contracts';
import { PermanentJobFailure, type QueueJob, type ProcessConsumerReportJob } from '@opencma/queue';
import { renderReportHtml } from '@opencma/pdf';
import { MlsError, type Polygon } from '@opencma/mls';
import type { WorkerDeps } from '../deps';
import { agentLeadText, consumerReportFailedText, consumerReportReadyText } from '../sms/messages';
import { sendAgentLeadOnce } from '../sms/alert-cap';
import { sendSmsOnce } from '../sms/send';
import { dispatchSoon } from '../deliveries/enqueue';
import { toIsoDate, valuationDateFor } from './valuation-date';
import { valueWithMarketModel } from './value-with-market-model';

/** An error that retrying cannot fix (the report fails at once; escaping the job, the job fails at once too). */
export class PermanentJobError extends PermanentJobFailure {
  constructor(
    message: string,
    /** The known cause, shown in plain words to the homeowner and the agent. */
    readonly code: ReportFailureCode | null = null,
  ) {
    super(message);
  }
}

/** A known cause of a failure; null when it is not known (then, and only then, the page says "something went wrong"). */
function failureCodeOf(err: unknown): ReportFailureCode | null {
  if (err instanceof PermanentJobError) return err.code;
  return err instanceof MlsError ? 'mls_unavailable' : null;
}

/** A gateway error that retrying cannot fix (see MlsGateway). */
function isPermanent(err: unknown): boolean {
  return err instanceof PermanentJobError || (err instanceof Error && (err as { permanent?: unknown }).permanent === true);
}

export const reportUrl = (publicBaseUrl: string, id: string) => `${publicBaseUrl}/r/${id}`;
/** The lead in the agent workspace: what the agent's text links to (their clicks never count as the homeowner's views). */
export const leadUrl = (publicBaseUrl: string, id: string) => `${publicBaseUrl}/agent/leads/${encodeURIComponent(id)}`;
export const pdfKey = (id: string) => `reports/${id}.pdf`;

/**
 * process_consumer_report, idempotent: a finished report is never processed again (only its
 * missing texts are sent), and each text goes out exactly once.
 */
export type JobOutcome = 'completed' | 'failed' | 'noop';

export async function processConsumerReport(deps: WorkerDeps, job: QueueJob<ProcessConsumerReportJob>): Promise<JobOutcome> {
  const { db } = deps.database;
  const reportId = job.data.report_id;
  const log = deps.logger.child({ report_id: reportId, job_id: job.id, attempt: job.attempt });

  const existing = await getConsumerReport(db, reportId);
  if (!existing) {
    log.warn('report not found; dropping job');
    return 'noop';
  }
  const owner = await findAgentById(db, existing.agent_id);
  if (!owner) throw new PermanentJobError('agent of report not found');

  if (existing.status === 'completed' || existing.status === 'failed') {
    await notify(deps, existing, owner);
    return 'noop';
  }

  const row = await markReportProcessing(db, reportId);
  if (!row) return 'noop';
  log.info('processing report');
  // Re-enqueued by the sweeper after crashes: give up after a bounded number of tries in all.
  const outOfTries = row.attempts > deps.config.JOB_ATTEMPTS * 2;

  let gathered: Gathered;
  try {
    gathered = await gatherValuation(deps, row);
  } catch (err) {
    const permanent = isPermanent(err);
    if (!permanent && !job.isLastAttempt && !outOfTries) {
      log.warn({ err: (err as Error).message }, 'report step failed; the queue will retry');
      throw err;
    }
    const reason = err instanceof PermanentJobError ? err.message : `Property data could not be retrieved: ${(err as Error).message}`;
    log.error({ reason, permanent }, permanent ? 'report failed without retrying: the error is permanent' : 'report failed');
    const code = failureCodeOf(err);
    const failedEvent = await finishConsumerReport(db, reportId, {
      status: 'failed',
      failure_reason: reason.slice(0, 500),
      failure_code: code,
      ...(code === 'address_not_found' ? { needs_personal_valuation: true } : {}),
      completed_at: deps.now(),
    });
    await dispatchSoon(deps, failedEvent);
    const failed = await getConsumerReport(db, reportId);
    if (failed) await notify(deps, failed, owner);
    return 'failed';
  }

  const { subject, valuation, market, dataAsOf } = gathered;
  await updateConsumerReport(db, reportId, {
    subject,
    valuation,
    market,
    data_as_of: dataAsOf,
    estimate_value: valuation.estimate ? Math.round(valuation.estimate.value) : null,
    estimate_low: valuation.estimate ? Math.round(valuation.estimate.low) : null,
    estimate_high: valuation.estimate ? Math.round(valuation.estimate.high) : null,
    estimate_confidence: valuation.confidence,
    estimate_flagged: valuation.flagged,
    estimate_flag_reason: valuation.flagReason,
  });

  await renderAndStorePdf(deps, reportId, owner);

  const completedEvent = await finishConsumerReport(db, reportId, { status: 'completed', completed_at: deps.now(), failure_reason: null });
  await dispatchSoon(deps, completedEvent);
  log.info({ flagged: valuation.flagged, comps: valuation.comps.length }, 'report completed');
  const completed = await getConsumerReport(db, reportId);
  if (completed) await notify(deps, completed, owner);
  return 'completed';
}

export interface Gathered {
  subject: Subject;
  valuation: Valuation;
  market: MarketStats;
  dataAsOf: string | null;
  /** The date the home was valued as of (today, or the day after stale data's newest sale). */
  valuationDate: string;
  /** The market area's sales (within MARKET_RADIUS_MILES, before the valuation date): an update's new nearby sales. */
  areaSales: Sale[];
}

export async function gatherValuation(deps: WorkerDeps, row: ConsumerReport): Promise<Gathered> {
  const place = row.place ?? {};
  const matched = await deps.mls.findSubject({ address: row.property_address, postalCode: place.postalCode, mlsId: place.mlsId });
  const base = matched ?? subjectFromPlace(row);
  // Facts the consumer corrected on the landing page win over the MLS's, and are marked as theirs.
  const facts = row.consumer_facts ?? {};
  const corrected = (Object.keys(facts) as (keyof typeof facts)[]).filter((k) => facts[k] !== null && facts[k] !== undefined);
  const subject = base && corrected.length ? { ...base, ...facts, consumerProvided: corrected } : base;
  if (!subject) {
    throw new PermanentJobError(
      'We could not find this address in the MLS records, so there are no nearby sales to compare it with.',
      'address_not_found',
    );
  }
  const today = toIsoDate(deps.now());
  // How current is the MLS around the home? Stale data (e.g. the bundled 2014–15 sales) is valued as
  // of its own date, so "recent" means recent then (decision 0004). One request over the widest area.
  const widest = compSearchAreas(subject).at(-1)!.polygon;
  const newest = await deps.mls.newestCloseDateInPolygon(widest);
  const valuationDate = valuationDateFor(today, newest ? [{ closeDate: newest }] : []);
  const search = (polygon: Polygon) => deps.mls.closedSalesInPolygon(polygon);
  const count = deps.mls.closedSalesCountInPolygon?.bind(deps.mls);
  const found = await collectCandidateSales(search, subject, valuationDate, count ? { count } : {});
  // the bundled local MLS is demo data (King County 2014–15); the report says so (decision 0025)
  const valuation: Valuation = notInMls(
    {
      ...(await valueWithMarketModel(deps, { subject, sales: found.sales, valuationDate })),
      dataSource: deps.config.useLocalMls ? 'demo' : 'mls',
    },
    !matched,
  );
  // The market area is the same fixed circle for every report (never the comp search's radius, which
  // widens where sales are few): the comp search's sales when they cover it, else one more search.
  const areaSales = (
    found.radiusKm >= MARKET_RADIUS_KM
      ? found.sales
      : (await search(circlePolygon({ lat: subject.latitude, lng: subject.longitude }, MARKET_RADIUS_KM))).filter((s) =>
          isUsableCandidate(s, subject, valuationDate),
        )
  ).filter((s) => haversineKm(subject.latitude, subject.longitude, s.latitude, s.longitude) <= MARKET_RADIUS_KM);
  const active = areaSales.length ? await deps.mls.activeListingsInPolygon(boundingBox(areaSales)).catch(() => []) : [];
  const market = computeMarketStats({
    sales: areaSales,
    valuationDate,
    areaLabel: `within ${MARKET_RADIUS_MILES} mile of the home`,
    radiusMiles: MARKET_RADIUS_MILES,
    activeListings: active,
  });
  return { subject, valuation, market, dataAsOf: newestCloseDate(found.sales), valuationDate, areaSales };
}

/**
 * A home the MLS does not know is valued from its location and the homeowner's facts; the estimate
 * says so, and its confidence is never above medium (the facts are unverified).
 */
function notInMls(valuation: Valuation, unknownToMls: boolean): Valuation {
  if (!unknownToMls) return valuation;
  const note = 'This home is not in the MLS records: the estimate uses its location, the facts you gave and the sales around it.';
  return {
    ...valuation,
    confidence: valuation.confidence === 'high' ? 'medium' : valuation.confidence,
    notes: [note, ...valuation.notes],
  };
}

/** Active listings are looked up over the area the sales came from. */
function boundingBox(sales: Sale[]): Polygon {
  const lats = sales.map((s) => s.latitude);
  const lngs = sales.map((s) => s.longitude);
  if (lats.length === 0) return [];
  const [minLat, maxLat, minLng, maxLng] = [Math.min(...lats), Math.max(...lats), Math.min(...lngs), Math.max(...lngs)];
  return [
    { lat: minLat, lng: minLng },
    { lat: minLat, lng: maxLng },
    { lat: maxLat, lng: maxLng },
    { lat: maxLat, lng: minLng },
  ];
}

function newestCloseDate(sales: Sale[]): string | null {
  let newest: string | null = null;
  for (const s of sales) if (!newest || s.closeDate > newest) newest = s.closeDate;
  return newest;
}

/** A subject the MLS does not know, located by the autocomplete's place: valued with location only. */
function subjectFromPlace(row: ConsumerReport): Subject | null {
  const p = row.place;
  if (p?.latitude == null || p?.longitude == null) return null;
  return {
    address: row.property_address,
    latitude: p.latitude,
    longitude: p.longitude,
    postalCode: p.postalCode ?? null,
    mlsId: null,
    bedrooms: null,
    bathrooms: null,
    sqftLiving: null,
    sqftLot: null,
    yearBuilt: null,
    floors: null,
    grade: null,
    condition: null,
    view: null,
    waterfront: null,
    yearRenovated: null,
  };
}

const PDF_TRIES = 2;

/** Renders and stores the PDF; a failure marks the PDF failed but never fails the report. */
async function renderAndStorePdf(deps: WorkerDeps, reportId: string, owner: AgentWithAccount): Promise<void> {
  const { db } = deps.database;
  const log = deps.logger.child({ report_id: reportId });
  if (!deps.pdf) {
    await updateConsumerReport(db, reportId, { pdf_status: 'failed', pdf_error: 'No Chromium available to render PDFs' });
    return;
  }
  const row = await getConsumerReport(db, reportId);
  if (!row) return;
  const model = toReportModel({ ...row, status: 'completed', completed_at: deps.now() }, owner, { pdfUrl: '' });
  const html = renderReportHtml(model, { publicUrl: reportUrl(deps.config.publicBaseUrl, reportId) });
  let lastError: unknown;
  for (let i = 0; i < PDF_TRIES; i++) {
    try {
      const pdf = await deps.pdf.render(html);
      await deps.storage.put(pdfKey(reportId), pdf, 'application/pdf');
      await updateConsumerReport(db, reportId, { pdf_status: 'ready', pdf_key: pdfKey(reportId), pdf_error: null });
      return;
    } catch (err) {
      lastError = err;
      log.warn({ err: (err as Error).message, try: i + 1 }, 'pdf render failed');
    }
  }
  await updateConsumerReport(db, reportId, { pdf_status: 'failed', pdf_error: String((lastError as Error)?.message ?? lastError).slice(0, 500) });
}

/** The consumer's and the agent's texts, in parallel; each exactly once (sendSmsOnce, decision 0011). */
async function notify(deps: WorkerDeps, row: ConsumerReport, owner: AgentWithAccount): Promise<void> {
  const db = deps.database.db;
  const smsDeps = {
    db,
    sms: deps.sms,
    logger: deps.logger,
    statusCallbackUrl: deps.config.twilioStatusCallbackUrl ?? undefined,
    budget: { perDay: deps.config.SMS_BUDGET_PER_DAY, perHour: deps.config.SMS_BUDGET_PER_HOUR },
  };
  const link = reportUrl(deps.config.publicBaseUrl, row.id);
  const ok = row.status === 'completed';
  const sender = { agentName: owner.agent.name, brokerage: brokerageOf(owner) };
  const corrected = Object.values(row.consumer_facts ?? {}).some((v) => v !== null && v !== undefined);
  const sends: Array<Promise<Awaited<ReturnType<typeof sendAgentLeadOnce>>>> = [
    sendSmsOnce(smsDeps, {
      report_id: row.id,
      recipient_role: 'consumer',
      to: row.consumer_phone,
      body: ok ? consumerReportReadyText(sender, link) : consumerReportFailedText(sender, row.property_address, row.failure_code),
    }),
  ];
  if (owner.agent.phone) {
    sends.push(
      // At most AGENT_ALERTS_PER_HOUR one by one; past it the lead goes in the hour's digest (decision 0024).
      sendAgentLeadOnce(
        { ...smsDeps, now: deps.now, alerts: { perHour: deps.config.AGENT_ALERTS_PER_HOUR, ranks: deps.alertRanks } },
        {
          report_id: row.id,
          agent_id: owner.agent.id,
          to: owner.agent.phone,
          body: agentLeadText({
            consumerPhone: formatPhone(row.consumer_phone),
            address: row.property_address,
            leadUrl: leadUrl(deps.config.publicBaseUrl, row.id),
            estimate: ok && row.estimate_low !== null && row.estimate_high !== null ? { low: row.estimate_low, high: row.estimate_high } : null,
            corrected,
            failure: ok ? null : row.failure_code,
            failed: !ok,
          }),
        },
      ),
    );
  }
  const results = await Promise.all(sends);
  for (const [i, result] of results.entries()) deps.metrics?.smsFinished(i === 0 ? 'consumer' : 'agent', result);
}
