/**
 * The equity and net-proceeds calculator in the browser (decision 0029): the same validation and
 * arithmetic as the server's answer to the GET form (lib/report/equity-calc.ts), shown without a page
 * load and updated as the homeowner types once a result is showing. The figures never leave the page;
 * the first result of a visit records a `net_proceeds` report event (that the calculator was used).
 */
import { calculateEquity, EQUITY_FIELDS, type EquityValues, resultLines } from '../../lib/report/equity-calc';
import type { ReportClientConfig } from '../../lib/report/client-config';
import { sendReportEvent } from '../../lib/report-events';

export function attachEquityCalculator(
  form: HTMLFormElement,
  reportId: string,
  config: NonNullable<ReportClientConfig['equity']>,
  track: boolean,
): void {
  const section = form.closest('section');
  const result = section?.querySelector<HTMLElement>('[data-equity-result]') ?? null;
  let showing = !!result && !result.hidden;
  let recorded = false;

  const run = (): boolean => {
    const data = new FormData(form);
    const values: EquityValues = {};
    for (const f of EQUITY_FIELDS) values[f] = String(data.get(f) ?? '');
    const outcome = calculateEquity(
      values,
      config.estimate,
      { commissionPct: config.commissionPct, closingCostPct: config.closingCostPct },
      new Date().toISOString().slice(0, 10),
    );
    for (const f of EQUITY_FIELDS) {
      const input = form.elements.namedItem(f) as HTMLInputElement | null;
      const error = form.querySelector<HTMLElement>(`[data-error-for="${f}"]`);
      const message = outcome.errors[f] ?? '';
      if (error) error.textContent = message;
      if (input) {
        if (message) input.setAttribute('aria-invalid', 'true');
        else input.removeAttribute('aria-invalid');
      }
    }
    if (!result) return false;
    if (!outcome.result) {
      result.hidden = true;
      return false;
    }
    const lines = resultLines(outcome.result);
    for (const [key, text] of Object.entries(lines)) {
      const out = result.querySelector<HTMLElement>(`[data-out="${key}"]`);
      if (out) out.textContent = text;
    }
    result.hidden = false;
    return true;
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    showing = run();
    if (showing && track && !recorded) {
      recorded = true;
      sendReportEvent(reportId, { type: 'net_proceeds' });
    }
  });
  // once a result shows, it follows the homeowner's edits (with the errors, as after a submit)
  form.addEventListener('input', () => {
    if (showing) run();
  });
}
