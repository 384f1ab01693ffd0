import type { ReportStatus } from '@opencma/core';

/** Id of the <script type="application/json"> that carries the report's settings to client/report.ts. */
export const REPORT_CONFIG_ID = 'report-config';

/** What the report page's script needs from the server. */
export interface ReportClientConfig {
  reportId: string;
  status: ReportStatus;
  /** The PDF is still being made: re-check and show the download link once it is ready. */
  pdfPending: boolean;
  /** Title offered to the system share sheet. */
  shareTitle: string;
  /** Record the visit (false: the agent opened it from the workspace; their looks never count as the homeowner's). */
  track: boolean;
  /** The equity calculator's inputs (decision 0029): the estimate and the agent's default selling costs; absent without an estimate. */
  equity?: { estimate: { value: number; low: number; high: number }; commissionPct: number; closingCostPct: number };
}
