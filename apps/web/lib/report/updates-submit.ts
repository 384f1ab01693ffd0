/**
 * The report page's value-update forms (lib/report/updates-section.ts) as the web app sends them:
 * they post to the page itself, POST /r/{id} (app/r/[id]/route.ts), with or without JavaScript; the
 * route sends the fields to the API as JSON and answers with a 303 back to the report, or the page
 * again with what was typed and the errors. These are its pure parts: what of the form goes to the API,
 * what is shown again, and the API's answer in the homeowner's words.
 */
import { OWED_FIELDS, type OwedField } from '@opencma/core';
import type { ApiAnswer } from '../api';

/** The e-mail form, or the one for texts to the report's own number (decision 0034). */
export type UpdatesChannel = 'email' | 'sms';
/** What is shown again after an error: never a consent box (it is ticked again, by the homeowner). */
export type UpdatesValues = Partial<Record<OwedField | 'email' | 'frequency', string>>;
export type UpdatesErrors = Partial<Record<OwedField | 'email' | 'frequency' | 'consent' | 'sms_consent' | 'form', string>>;

/** The form again, after the API refused it (nothing was stored). */
export interface UpdatesFormState {
  channel: UpdatesChannel;
  values: UpdatesValues;
  errors: UpdatesErrors;
}

/** The form's own size is well under 1 kB; anything larger is not from the page. */
export const UPDATES_FORM_MAX_BYTES = 8 * 1024;

/** The fields the API's POST /v1/consumer-reports/{id}/subscriptions reads; nothing else is sent. */
const API_FIELDS = ['channel', 'email', 'frequency', 'consent', 'consent_version', 'sms_consent', 'sms_consent_version', ...OWED_FIELDS] as const;

/** Each form shows the errors of its own fields; any other (a page out of date, say) is said at the top. */
const OWN_FIELDS: Record<UpdatesChannel, ReadonlySet<string>> = {
  email: new Set(['email', 'frequency', 'consent', ...OWED_FIELDS]),
  sms: new Set(['frequency', 'sms_consent']),
};

export const UPDATES_CHECK_FORM = 'Nothing was saved yet. Please check what is marked below and send the form again.';
export const UPDATES_SMS_OPTED_OUT =
  'This number replied STOP to our texts, so we can’t text it. To turn texts back on, reply START to our last text message, then send this form again. Or get the updates by e-mail instead.';

export interface UpdatesSubmission {
  channel: UpdatesChannel;
  /** The JSON body for the API: the posted fields as typed (the API validates them, as it did the form). */
  body: Record<string, string>;
  values: UpdatesValues;
}

/** Reads a posted form (application/x-www-form-urlencoded). */
export function readUpdatesForm(form: URLSearchParams): UpdatesSubmission {
  const body: Record<string, string> = {};
  for (const k of API_FIELDS) {
    const v = form.get(k);
    if (v !== null) body[k] = v;
  }
  const values: UpdatesValues = {};
  const email = form.get('email')?.trim().slice(0, 254);
  if (email) values.email = email;
  const frequency = form.get('frequency');
  if (frequency === 'monthly' || frequency === 'quarterly') values.frequency = frequency;
  for (const k of OWED_FIELDS) {
    const v = form.get(k)?.trim().slice(0, 32);
    if (v) values[k] = v;
  }
  return { channel: form.get('channel') === 'sms' ? 'sms' : 'email', body, values };
}

interface ErrorBody {
  error?: { code?: string; message?: string; fields?: Record<string, string> };
}

/** The errors to show for a refused form (a 4xx other than 404 and 429), each beside its field where it has one. */
export function updatesErrors(channel: UpdatesChannel, answer: ApiAnswer): UpdatesErrors {
  const error = (answer.body as ErrorBody | null)?.error;
  if (answer.status === 409 && error?.code === 'sms_opted_out') return { form: UPDATES_SMS_OPTED_OUT };
  const errors: UpdatesErrors = {};
  for (const [field, message] of Object.entries(error?.fields ?? {})) {
    if (OWN_FIELDS[channel].has(field)) errors[field as keyof UpdatesErrors] = message;
    else errors.form ??= message;
  }
  if (!Object.keys(errors).length) errors.form = error?.message ?? UPDATES_CHECK_FORM;
  return errors;
}
