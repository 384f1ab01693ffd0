import type { Metadata } from 'next';
import type { CSSProperties } from 'react';
import { notFound } from 'next/navigation';
import type { ReportModel } from '@opencma/core';
import { getReport } from '../../../lib/api';
import { brandStyle } from '../../../lib/branding';
import { date } from '../../../lib/format';
import { TopBar } from '../../../components/top-bar';
import { AgentCard } from '../../../components/report/agent-card';
import { CompMap } from '../../../components/report/comp-map';
import { CompsSection } from '../../../components/report/comps';
import { EstimateSection } from '../../../components/report/estimate';
import { MarketSection } from '../../../components/report/market';
import { PdfSection } from '../../../components/report/pdf-section';
import { PropertyFacts } from '../../../components/report/property';
import { ReportTracker } from '../../../components/report/report-tracker';
import { StatusPoller } from './status-poller';
import './report.css';

export const metadata: Metadata = {
  title: 'Your home value report',
  robots: { index: false, follow: false, nocache: true, googleBot: { index: false, follow: false } },
  referrer: 'no-referrer',
};

type Props = { params: Promise<{ id: string }> };

/**
 * The report, mobile first, in the same order as its PDF (packages/pdf renderReportHtml; see
 * docs/decisions/0005): property, estimate, map, comparable sales, market, agent, disclaimer.
 */
function Completed({ report }: { report: ReportModel }) {
  const v = report.valuation;
  const comps = [...(v?.comps ?? [])].sort((a, b) => b.weight - a.weight);
  return (
    <>
      <div className="report-head" data-section="property">
        <p className="eyebrow">Home value report</p>
        <h1>{report.subject?.address ?? report.propertyAddress}</h1>
        <p className="muted small" style={{ margin: 0 }}>
          Prepared by {report.agent.name}
          {report.completedAt ? ` on ${date(report.completedAt)}` : ''}
        </p>
        <PropertyFacts subject={report.subject} />
      </div>
      <div className="report-grid">
        <div>
          <EstimateSection valuation={v} agent={report.agent} />
          {report.subject && <CompMap subject={report.subject} comps={comps} />}
          <CompsSection comps={comps} />
          {report.market && <MarketSection market={report.market} />}
        </div>
        <aside className="aside" aria-label="Contact and download">
          <AgentCard agent={report.agent} intro="Questions about your home’s value? I’m happy to help." />
          <PdfSection report={report} />
        </aside>
      </div>
    </>
  );
}

function Failed({ report }: { report: ReportModel }) {
  return (
    <div className="narrow" style={{ margin: '0 auto', paddingTop: '1.5rem' }}>
      <div className="card">
        <p className="eyebrow">Home value report</p>
        <h1>We couldn’t produce your report</h1>
        <p>
          Something went wrong while we prepared the report for <strong>{report.propertyAddress}</strong>. Nothing is
          lost: {report.agent.name} has your request and will follow up with you personally.
        </p>
      </div>
      <AgentCard agent={report.agent} />
    </div>
  );
}

export default async function ReportPage({ params }: Props) {
  const { id } = await params;
  const report = await getReport(id);
  if (!report) notFound();
  const style = brandStyle(report.agent.primaryColor, report.agent.secondaryColor);
  const done = report.status === 'completed' || report.status === 'failed';

  return (
    <div style={style as CSSProperties}>
      <TopBar logoUrl={report.agent.logoUrl} name={report.agent.brokerage} fallback={report.agent.name} />
      <main className="page">
        {report.status === 'completed' ? (
          <Completed report={report} />
        ) : report.status === 'failed' ? (
          <Failed report={report} />
        ) : (
          <div className="narrow" style={{ margin: '0 auto', paddingTop: '1.5rem' }}>
            <StatusPoller id={report.id} initialStatus={report.status} />
          </div>
        )}
        {done && (
          <footer className="footer" data-section="disclaimer">
            {report.disclaimer && <p>{report.disclaimer}</p>}
            {report.dataAsOf && <p>Sales data as of {date(report.dataAsOf)}.</p>}
          </footer>
        )}
        {done && <ReportTracker reportId={report.id} />}
      </main>
    </div>
  );
}
