/**
 * The landing-page form's submission, as pure functions: which fields exist (in the order the error
 * summary lists them), the JSON body of `POST /v1/consumer-reports`, and how an answer that is not
 * a report id becomes messages for the person. Used by the browser script (client/landing.ts).
 */
import type { Suggestion } from './address';
import { FACT_KEYS, type FactKey, type Facts } from './facts';

export type Field = 'phone' | 'address' | FactKey | 'consent' | 'turnstile';
export type FormErrors = Partial<Record<Field | 'form', string>>;

export const FIELD_ORDER: Field[] = ['phone', 'address', ...FACT_KEYS, 'consent', 'turnstile'];

const isFact = (f: Field): f is FactKey => (FACT_KEYS as string[]).includes(f);

/** The id of a field's element: what the error summary links to; its error paragraph is `${id}-error`. */
export function fieldId(field: Field): string {
  return isFact(field) ? `fact-${field}` : field;
}

export interface LeadInput {
  agentCode: string;
  phone: string;
  address: string;
  /** The picked suggestion (null when the address was typed and not picked). */
  place: Suggestion | null;
  /** Corrections of the MLS's facts (lib/facts.ts corrections()). */
  facts: Partial<Facts>;
  consentText: string;
  pageUrl: string;
  /** The honeypot field's value (empty for people). */
  website: string;
  turnstileToken: string | null;
}

export function leadRequestBody(input: LeadInput): Record<string, unknown> {
  const place = input.place
    ? Object.fromEntries(
        Object.entries({
          mlsId: input.place.mlsId,
          latitude: input.place.latitude,
          longitude: input.place.longitude,
          postalCode: input.place.postalCode,
        }).filter(([, v]) => v !== null && v !== undefined),
      )
    : undefined;
  return {
    agent_code: input.agentCode,
    phone: input.phone.trim(),
    address: input.address.trim(),
    ...(place ? { place } : {}),
    ...(Object.keys(input.facts).length ? { facts: input.facts } : {}),
    consent: true,
    consent_text: input.consentText,
    page_url: input.pageUrl,
    website: input.website,
    ...(input.turnstileToken ? { turnstile_token: input.turnstileToken } : {}),
  };
}

export interface LeadResponseBody {
  report_id?: string;
  error?: { message?: string; fields?: Record<string, string> };
}

/** The new (or existing) report's id when the API accepted the submission, else null. */
export function acceptedReportId(status: number, body: LeadResponseBody | null): string | null {
  return (status === 202 || (status >= 200 && status < 300)) && body?.report_id ? body.report_id : null;
}

/** Messages for an answer that is not a report: per field where the API names one, else one for the form. */
export function errorsFromResponse(status: number, body: LeadResponseBody | null): FormErrors {
  const errors: FormErrors = {};
  const fields = body?.error?.fields ?? {};
  for (const f of FIELD_ORDER) {
    const msg = fields[f] ?? fields[`facts.${f}`];
    if (msg) errors[f] = msg;
  }
  if (status === 429) errors.form = body?.error?.message ?? 'Too many requests right now. Please wait a while and try again.';
  else if (status === 404 || fields.agent_code) errors.form = 'This page is no longer active. Please contact the agent directly.';
  else if (!Object.keys(errors).length) {
    // field errors we have no input for (e.g. consent_text) still say more than a generic message
    const other = Object.entries(fields)
      .filter(([k]) => k !== 'agent_code')
      .map(([, v]) => v);
    errors.form = other.length ? other.join(' ') : (body?.error?.message ?? 'Something went wrong. Please try again.');
  }
  return errors;
}

export const NETWORK_ERROR = 'We couldn’t reach our server. Check your connection and try again.';

export const hasFactErrors = (errors: FormErrors): boolean => FACT_KEYS.some((k) => errors[k]);
