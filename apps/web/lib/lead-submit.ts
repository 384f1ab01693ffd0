/**
 * The landing-page form's submission, as pure functions: which fields exist (in the order the error
 * summary lists them), the form's own checks, the JSON body of `POST /v1/consumer-reports`, and how
 * an answer that is not a report id becomes messages for the person. Used by the browser script
 * (client/landing.ts) and, when the form is posted without JavaScript, by the route
 * (app/cma/[code]/route.ts), which reads the posted fields with `leadFormValues`.
 */
import type { Suggestion } from './address';
import { corrections, FACT_KEYS, type FactKey, type Facts } from './facts';

export type Field = 'phone' | 'address' | FactKey | 'consent' | 'turnstile';
export type FormErrors = Partial<Record<Field | 'form', string>>;

export const FIELD_ORDER: Field[] = ['phone', 'address', ...FACT_KEYS, 'consent', 'turnstile'];

const isFact = (f: Field): f is FactKey => (FACT_KEYS as string[]).includes(f);

/** The id of a field's element: what the error summary links to; its error paragraph is `${id}-error`. */
export function fieldId(field: Field): string {
  return isFact(field) ? `fact-${field}` : field;
}

/**
 * The `name`s of the form's fields (lib/landing/lead-form.ts; the facts in client/property-facts.ts):
 * what the browser posts when the script is not running. `cf-turnstile-response` is the hidden input
 * Cloudflare's widget adds to the form.
 */
export const FIELD_NAMES = {
  phone: 'phone',
  address: 'address',
  consent: 'consent',
  /** Hidden: the version of the consent disclosure the page showed. */
  consentVersion: 'consent_version',
  website: 'website',
  turnstile: 'cf-turnstile-response',
} as const;
/** A fact's input (named like its id); the MLS's value is posted next to it, so only real corrections are sent. */
export const factName = (k: FactKey): string => fieldId(k);
export const mlsFactName = (k: FactKey): string => `mls-${k}`;

export const SUMMARY_TITLE = 'Please check the following:';
export const ADDRESS_PROBLEM = 'Enter the address of the home, then pick it from the list if it appears.';
export const CONSENT_PROBLEM = 'Please tick the box so we can text you your report.';
export const TURNSTILE_PROBLEM = 'Please complete the verification below.';
/** A form posted without JavaScript where Turnstile is on: Cloudflare's check runs only as a script. */
export const TURNSTILE_NEEDS_SCRIPT = 'The verification needs JavaScript. Please turn it on and try again, or contact the agent directly.';

export interface LeadChecks {
  /** lib/phone-input.ts phoneProblemWith (or lib/phone.ts phoneProblem before the library is there). */
  phoneProblem: string | null;
  address: string;
  factProblems: Partial<Record<FactKey, string>>;
  consent: boolean;
  /** The message when a Turnstile token is needed and missing, else null. */
  turnstileProblem: string | null;
}

/** The form's own checks before anything is sent (the API checks again). */
export function leadProblems(c: LeadChecks): FormErrors {
  const found: FormErrors = {};
  if (c.phoneProblem) found.phone = c.phoneProblem;
  if (c.address.trim().length < 5) found.address = ADDRESS_PROBLEM;
  Object.assign(found, c.factProblems);
  if (!c.consent) found.consent = CONSENT_PROBLEM;
  if (c.turnstileProblem) found.turnstile = c.turnstileProblem;
  return found;
}

/** What the form holds, as posted without JavaScript (application/x-www-form-urlencoded). */
export interface LeadFormValues {
  phone: string;
  address: string;
  consent: boolean;
  /** The posted consent_version (null when missing or not a number: the API refuses that). */
  consentVersion: number | null;
  website: string;
  turnstileToken: string | null;
  /** The "Is this your home?" facts, only when the form showed them: the MLS's values and what was typed. */
  facts: { mls: Facts; typed: Record<FactKey, string> } | null;
}

/** Reads the posted fields; anything missing is empty, so a partial or hand-made post is checked like an empty form. */
export function leadFormValues(form: URLSearchParams): LeadFormValues {
  const text = (name: string) => form.get(name) ?? '';
  const hasFacts = FACT_KEYS.some((k) => form.has(mlsFactName(k)));
  const mlsValue = (k: FactKey): number | null => {
    const v = text(mlsFactName(k)).trim();
    return v && Number.isFinite(Number(v)) ? Number(v) : null;
  };
  return {
    phone: text(FIELD_NAMES.phone),
    address: text(FIELD_NAMES.address),
    consent: form.has(FIELD_NAMES.consent),
    consentVersion: /^\d{1,6}$/.test(text(FIELD_NAMES.consentVersion)) ? Number(text(FIELD_NAMES.consentVersion)) : null,
    website: text(FIELD_NAMES.website),
    turnstileToken: text(FIELD_NAMES.turnstile) || null,
    facts: hasFacts
      ? {
          mls: Object.fromEntries(FACT_KEYS.map((k) => [k, mlsValue(k)])) as Facts,
          typed: Object.fromEntries(FACT_KEYS.map((k) => [k, text(factName(k))])) as Record<FactKey, string>,
        }
      : null,
  };
}

/**
 * The submission of a posted form: what the script would send for the same fields. Without the
 * script nothing can be picked from the suggestions, so (as for an address typed and not picked)
 * there is no place and the API matches the typed address.
 */
export function leadInputFromForm(values: LeadFormValues, page: { agentCode: string }): LeadInput {
  return {
    agentCode: page.agentCode,
    phone: values.phone,
    address: values.address,
    place: null,
    facts: values.facts ? corrections(values.facts.mls, values.facts.typed) : {},
    consentVersion: values.consentVersion,
    website: values.website,
    turnstileToken: values.turnstileToken,
  };
}

export interface LeadInput {
  agentCode: string;
  phone: string;
  address: string;
  /** The picked suggestion (null when the address was typed and not picked). */
  place: Suggestion | null;
  /** Corrections of the MLS's facts (lib/facts.ts corrections()). */
  facts: Partial<Facts>;
  /** The version of the consent disclosure the page showed (the API renders and stores that text itself). */
  consentVersion: number | null;
  /** The honeypot field's value (empty for people). */
  website: string;
  turnstileToken: string | null;
  /** The page could not locate the address and the person chose a personal valuation from the agent instead. */
  personalValuation?: boolean;
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
    ...(input.consentVersion === null ? {} : { consent_version: input.consentVersion }),
    website: input.website,
    ...(input.turnstileToken ? { turnstile_token: input.turnstileToken } : {}),
    ...(input.personalValuation ? { personal_valuation: true } : {}),
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
    // field errors we have no input for (e.g. consent_version) still say more than a generic message
    const other = Object.entries(fields)
      .filter(([k]) => k !== 'agent_code')
      .map(([, v]) => v);
    errors.form = other.length ? other.join(' ') : (body?.error?.message ?? 'Something went wrong. Please try again.');
  }
  return errors;
}

export const NETWORK_ERROR = 'We couldn’t reach our server. Check your connection and try again.';
/** When the form was posted without JavaScript and the API could not be reached or failed. */
export const SEND_FAILED = 'We couldn’t send your request just now. Please try again in a moment.';

export const hasFactErrors = (errors: FormErrors): boolean => FACT_KEYS.some((k) => errors[k]);
