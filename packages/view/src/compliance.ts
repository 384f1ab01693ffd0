/**
 * What US advertising rules expect on an agent's marketing (decision 0026): the brokerage's name,
 * licence numbers and the Equal Housing Opportunity statement — one wording for the landing page,
 * the report, its PDF and e-mails.
 */

export interface ComplianceFacts {
  name: string;
  brokerage: string | null;
  licenseNumber: string | null;
  brokerageLicenseNumber: string | null;
  equalHousingOpportunity: boolean;
}

export const EQUAL_HOUSING_OPPORTUNITY = 'Equal Housing Opportunity';

/** "Jordan Avery, License #21004567 · Evergreen Realty Group, License #9087 · Equal Housing Opportunity". */
export function complianceLine(f: ComplianceFacts): string {
  const lic = (n: string | null) => (n?.trim() ? `, License #${n.trim()}` : '');
  const parts = [`${f.name}${lic(f.licenseNumber)}`];
  if (f.brokerage) parts.push(`${f.brokerage}${lic(f.brokerageLicenseNumber)}`);
  if (f.equalHousingOpportunity) parts.push(EQUAL_HOUSING_OPPORTUNITY);
  return parts.join(' · ');
}
