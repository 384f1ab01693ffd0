import { z } from 'zod';
import { AGENT_CODE_PATTERN } from '@opencma/db';
import { normalizeConsumerPhone } from './phone';

/**
 * Validation of agents and accounts as admins enter them (admin API and `npm run agents`): brand
 * colours are hex, image URLs https, phones E.164. Landing-page texts are stored as typed; pages
 * render them as text, never as HTML.
 */
const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;
const httpsUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => {
    try {
      return new URL(u).protocol === 'https:';
    } catch {
      return false;
    }
  }, 'Must be an https:// URL');
const color = z.string().trim().regex(HEX, 'Must be a hex colour like #0f5132');
const text = (max: number) => z.string().trim().min(1).max(max);

export function agentPhone(allowedCountries: string[]) {
  return z
    .string()
    .trim()
    .max(32)
    .transform((raw, ctx) => {
      const checked = normalizeConsumerPhone(raw, allowedCountries);
      if (!checked.ok) {
        ctx.addIssue({ code: 'custom', message: checked.message });
        return z.NEVER;
      }
      return checked.e164;
    });
}

export const accountInput = z.strictObject({
  name: text(200),
  logo_url: httpsUrl.nullable().optional(),
  primary_color: color.nullable().optional(),
  secondary_color: color.nullable().optional(),
  branding_enabled: z.boolean().optional(),
  /** The brokerage's licence number, shown beside its name (decision 0026). */
  license_number: text(40).nullable().optional(),
  /** Show the Equal Housing Opportunity statement (default on). */
  equal_housing_opportunity: z.boolean().optional(),
});
export const accountPatch = accountInput.partial();

/** A selling-cost default for the homeowner's net-proceeds calculator, in basis points (550 = 5.5 %; decision 0029). */
export const sellingCostBps = z
  .number({ error: 'Must be a whole number of basis points (550 = 5.5%)' })
  .int('Must be a whole number of basis points (550 = 5.5%)')
  .min(0, 'Cannot be negative')
  .max(2000, 'At most 2000 basis points (20%)');

/** Phone validation depends on config (allowed countries), so the schema is built per app. */
export function agentInputSchemas(allowedCountries: string[]) {
  const fields = {
    name: text(200),
    email: z.email().max(320).nullable().optional(),
    phone: agentPhone(allowedCountries).nullable().optional(),
    photo_url: httpsUrl.nullable().optional(),
    account_id: z.uuid().nullable().optional(),
    landing_page_headline: text(200).nullable().optional(),
    landing_page_subheadline: text(500).nullable().optional(),
    landing_page_cta_text: text(60).nullable().optional(),
    /** The brokerage as printed on the agent's marketing, when it differs from the account's name (or there is no account). */
    brokerage_name: text(200).nullable().optional(),
    /** The agent's own licence number (decision 0026). */
    license_number: text(40).nullable().optional(),
    /** account_admin: also manages the account's agents, branding and leads in the agent workspace. */
    role: z.enum(['agent', 'account_admin'], { error: 'Role must be agent or account_admin' }).optional(),
    /** An e-mail to `email` for each new lead (default on). */
    lead_email_enabled: z.boolean().optional(),
    /** A daily e-mail of lead activity (default off). */
    activity_digest_enabled: z.boolean().optional(),
    /** Net-proceeds calculator defaults on the agent's reports (default 550 and 150). */
    sale_commission_bps: sellingCostBps.optional(),
    closing_cost_bps: sellingCostBps.optional(),
  };
  const create = z.strictObject({
    ...fields,
    /** Optional hand-picked code; generated when absent. */
    agent_code: z.string().trim().toLowerCase().regex(AGENT_CODE_PATTERN, '2–32 letters, digits or dashes').optional(),
  });
  const patch = z.strictObject(fields).partial();
  return { create, patch };
}
