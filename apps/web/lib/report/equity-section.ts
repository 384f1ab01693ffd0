/**
 * "Your equity and what a sale would leave you" on the report page (decision 0029): a GET form that
 * the server answers without JavaScript (`?calc=1&owed=…#equity`) and the report script answers live
 * (client/report/equity.ts), both through lib/report/equity-calc.ts. The homeowner's figures are not
 * stored; the script records only that the calculator was used (report event `net_proceeds`).
 */
import type { ReportAgent } from '@opencma/core';
import { html, type SafeHtml } from '@opencma/view';
import { calculateEquity, type EquityField, type EquityOutcome, type EquityValues, resultLines } from './equity-calc';

interface FieldSpec {
  name: EquityField;
  label: string;
  hint?: string;
  type?: 'month';
  inputmode?: 'decimal' | 'numeric';
  placeholder?: string;
}

const LOAN: FieldSpec[] = [
  { name: 'owed', label: 'What you owe today ($)', inputmode: 'decimal', placeholder: 'e.g. 310,000' },
  { name: 'price', label: 'Or: purchase price ($)', inputmode: 'decimal' },
  { name: 'down', label: 'Down payment ($)', inputmode: 'decimal' },
  { name: 'start', label: 'Month you bought', type: 'month', placeholder: 'YYYY-MM' },
  { name: 'rate', label: 'Interest rate (%)', inputmode: 'decimal', placeholder: 'e.g. 6.5' },
  { name: 'term', label: 'Loan term (years)', inputmode: 'numeric', placeholder: '30' },
];

const SALE: FieldSpec[] = [
  { name: 'commission', label: 'Commission (%)', inputmode: 'decimal' },
  { name: 'closing', label: 'Closing costs (%)', inputmode: 'decimal' },
];

const ROWS: [string, string][] = [
  ['owed', 'You owe'],
  ['equity', 'Your equity'],
  ['price', 'Sale price (the estimate)'],
  ['commission', 'Commission'],
  ['closing', 'Closing costs'],
  ['payoff', 'Loan payoff'],
  ['net', 'What a sale would leave you'],
];

function field(spec: FieldSpec, values: EquityValues, outcome: EquityOutcome | null, placeholder?: string): SafeHtml {
  const id = `eq-${spec.name}`;
  const error = outcome?.errors[spec.name] ?? '';
  return html`<div><label for="${id}">${spec.label}</label><input class="input" id="${id}" name="${spec.name}" type="${spec.type ?? 'text'}"${
    spec.inputmode ? html` inputmode="${spec.inputmode}"` : ''
  } autocomplete="off" maxlength="16" value="${values[spec.name] ?? ''}"${(placeholder ?? spec.placeholder) ? html` placeholder="${placeholder ?? spec.placeholder ?? ''}"` : ''}${
    error ? html` aria-invalid="true"` : ''
  } aria-describedby="${id}-error"><p class="field-error" id="${id}-error" data-error-for="${spec.name}">${error}</p></div>`;
}

export interface EquitySectionInput {
  reportId: string;
  estimate: { value: number; low: number; high: number };
  agent: Pick<ReportAgent, 'name' | 'saleCommissionPct' | 'closingCostPct'>;
  /** The query string of the page: the form's fields and `calc=1` once submitted. */
  query: EquityValues & { calc?: string };
  today: string;
  /** Opened from the agent's workspace: the form keeps `via=agent` so the answer records nothing either. */
  agentView?: boolean;
}

export function equitySection(input: EquitySectionInput): SafeHtml {
  const { agent, query } = input;
  const defaults = { commissionPct: agent.saleCommissionPct, closingCostPct: agent.closingCostPct };
  const outcome = query.calc === '1' ? calculateEquity(query, input.estimate, defaults, input.today) : null;
  const lines = outcome?.result ? resultLines(outcome.result) : null;
  return html`<section class="card section equity-card" id="equity" aria-labelledby="equity-h" data-section="equity"><h2 id="equity-h">Your equity and what a sale would leave you</h2><p class="muted small">Every field is optional. Your figures are not saved; ${
    agent.name
  } sees only that you used this calculator.</p><form class="equity-form" method="get" action="/r/${input.reportId}#equity" data-equity novalidate><input type="hidden" name="calc" value="1">${input.agentView ? html`<input type="hidden" name="via" value="agent">` : ''}<fieldset><legend>Your loan</legend><div class="equity-grid">${LOAN.map(
    (s) => field(s, query, outcome),
  )}</div></fieldset><fieldset><legend>Selling costs</legend><div class="equity-grid">${SALE.map((s) =>
    field(s, query, outcome, `${s.name === 'commission' ? agent.saleCommissionPct : agent.closingCostPct}`),
  )}</div></fieldset><button class="btn" type="submit">Calculate</button></form><div class="equity-result" data-equity-result aria-live="polite"${
    lines ? '' : html` hidden`
  }><dl>${ROWS.map(
    ([key, label]) =>
      html`<dt${key === 'net' ? html` class="equity-net"` : ''}>${label}</dt><dd data-out="${key}"${key === 'net' ? html` class="equity-net"` : ''}>${lines?.[key] ?? ''}</dd>`,
  )}</dl><p class="small muted">Estimates only: the balance assumes a standard fixed-rate loan paid as scheduled; your lender's payoff figure is exact.</p></div></section>`;
}
