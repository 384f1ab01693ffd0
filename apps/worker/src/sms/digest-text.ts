/** The hourly lead digest text (decision 0024). Pure; kept apart from messages.ts. */

const LISTED = 3;

export function agentLeadDigestText(addresses: string[], inboxUrl: string): string {
  const n = addresses.length;
  const listed = addresses.slice(0, LISTED).join(', ');
  const rest = n > LISTED ? ` and ${n - LISTED} more` : '';
  return `${n} more ${n === 1 ? 'lead' : 'leads'} in the last hour: ${listed}${rest} — see them at ${inboxUrl}`;
}
