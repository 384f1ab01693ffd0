import type { ReportModel } from '@opencma/core';
import { complianceLine, date, html, type SafeHtml } from '@opencma/view';

const DEFAULT_DISCLAIMER =
  'This report is an automated estimate based on public records and MLS sales data. It is not an appraisal and should not be relied on as one.';

/** The MLS disclaimer, the data's as-of date, who prepared the report and the compliance line (licenses, Equal Housing Opportunity; decision 0026). */
export function disclaimerFooter(model: ReportModel): SafeHtml {
  const dataAsOf = model.dataAsOf ?? model.market?.asOf ?? null;
  const agent = model.agent;
  return html`<footer class="foot" data-section="disclaimer">
  <p style="margin:0 0 4px">${model.disclaimer || DEFAULT_DISCLAIMER}</p>
  <p style="margin:0">${dataAsOf && `Data as of ${date(dataAsOf)}. `}Report ${model.id.slice(0, 8)} · prepared for you by ${agent.name}${
    agent.brokerage && `, ${agent.brokerage}`
  }.</p>
  <p style="margin:4px 0 0" class="compliance">${complianceLine(agent)}</p>
</footer>`;
}
