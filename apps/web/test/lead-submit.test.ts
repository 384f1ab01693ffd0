import { describe, expect, it } from 'vitest';
import { factProblems } from '../lib/facts';
import {
  acceptedReportId,
  ADDRESS_PROBLEM,
  CONSENT_PROBLEM,
  errorsFromResponse,
  FIELD_ORDER,
  fieldId,
  hasFactErrors,
  leadFormValues,
  leadInputFromForm,
  leadProblems,
  leadRequestBody,
  TURNSTILE_PROBLEM,
  type LeadInput,
} from '../lib/lead-submit';

const input: LeadInput = {
  agentCode: 'demo',
  phone: ' (201) 555-0123 ',
  address: ' 1156 N 93rd St, Seattle 98103 ',
  place: { address: '1156 N 93rd St', city: 'Seattle', postalCode: '98103', latitude: 47.69, longitude: -122.35, mlsId: null, placeId: 'abc' },
  facts: { bedrooms: 4 },
  consentVersion: 2,
  website: '',
  turnstileToken: null,
};

describe('the lead request body', () => {
  it('sends what the form holds, trimmed, with the picked place (known values only) and the corrections', () => {
    expect(leadRequestBody(input)).toEqual({
      agent_code: 'demo',
      phone: '(201) 555-0123',
      address: '1156 N 93rd St, Seattle 98103',
      place: { latitude: 47.69, longitude: -122.35, postalCode: '98103' },
      facts: { bedrooms: 4 },
      consent: true,
      consent_version: 2,
      website: '',
    });
  });

  it('leaves out place, facts and token when there are none, and sends the honeypot and token as given', () => {
    const body = leadRequestBody({ ...input, place: null, facts: {}, website: 'spam.example', turnstileToken: 'tok' });
    expect(body).not.toHaveProperty('place');
    expect(body).not.toHaveProperty('facts');
    expect(body).toMatchObject({ website: 'spam.example', turnstile_token: 'tok' });
  });
});

describe('answers of the API', () => {
  it('takes a report id from a 202 or 2xx only', () => {
    expect(acceptedReportId(202, { report_id: 'r1' })).toBe('r1');
    expect(acceptedReportId(200, { report_id: 'r1' })).toBe('r1');
    expect(acceptedReportId(400, { report_id: 'r1' })).toBeNull();
    expect(acceptedReportId(202, null)).toBeNull();
  });

  it('maps field errors (facts.* included) in the order of the form', () => {
    const errors = errorsFromResponse(400, {
      error: { message: 'Invalid', fields: { consent: 'Tick it', phone: 'Bad phone', 'facts.bedrooms': 'Too many' } },
    });
    expect(errors).toEqual({ phone: 'Bad phone', bedrooms: 'Too many', consent: 'Tick it' });
    expect(hasFactErrors(errors)).toBe(true);
  });

  it('says plainly what a 429, an inactive page and an unknown error mean', () => {
    expect(errorsFromResponse(429, { error: { message: 'Too many requests. Try again in 5 minutes.' } })).toEqual({
      form: 'Too many requests. Try again in 5 minutes.',
    });
    expect(errorsFromResponse(429, null).form).toMatch(/^Too many requests right now/);
    expect(errorsFromResponse(404, null).form).toBe('This page is no longer active. Please contact the agent directly.');
    expect(errorsFromResponse(400, { error: { fields: { agent_code: 'Unknown' } } }).form).toMatch(/no longer active/);
    expect(errorsFromResponse(400, { error: { fields: { consent_text: 'Consent text is too long.' } } })).toEqual({
      form: 'Consent text is too long.',
    });
    expect(errorsFromResponse(500, null)).toEqual({ form: 'Something went wrong. Please try again.' });
  });

  it('links each field to its element', () => {
    expect(FIELD_ORDER.map(fieldId)).toEqual([
      'phone',
      'address',
      'fact-bedrooms',
      'fact-bathrooms',
      'fact-sqftLiving',
      'fact-yearBuilt',
      'consent',
      'turnstile',
    ]);
  });
});

describe('the form posted without JavaScript', () => {
  const page = { agentCode: 'demo' };
  const posted = (fields: Record<string, string>) => leadFormValues(new URLSearchParams(fields));

  it('reads the named fields and builds the body the script sends for a typed (not picked) address', () => {
    const values = posted({
      phone: ' 2015550123 ',
      address: ' 1156 N 93rd St, Seattle, WA 98103 ',
      consent: 'on',
      consent_version: '2',
      website: '',
      'cf-turnstile-response': 'tok',
    });
    expect(values).toEqual({
      phone: ' 2015550123 ',
      address: ' 1156 N 93rd St, Seattle, WA 98103 ',
      consent: true,
      consentVersion: 2,
      website: '',
      turnstileToken: 'tok',
      facts: null,
    });
    expect(leadRequestBody(leadInputFromForm(values, page))).toEqual(
      leadRequestBody({
        ...page,
        phone: '2015550123',
        address: '1156 N 93rd St, Seattle, WA 98103',
        place: null,
        facts: {},
        consentVersion: 2,
        website: '',
        turnstileToken: 'tok',
      }),
    );
    expect(leadRequestBody(leadInputFromForm(values, page))).toEqual({
      agent_code: 'demo',
      phone: '2015550123',
      address: '1156 N 93rd St, Seattle, WA 98103',
      consent: true,
      consent_version: 2,
      website: '',
      turnstile_token: 'tok',
    });
  });

  it('treats missing fields as empty and an unticked box as no consent', () => {
    expect(posted({})).toEqual({ phone: '', address: '', consent: false, consentVersion: null, website: '', turnstileToken: null, facts: null });
    // no (or a malformed) disclosure version is not sent: the API refuses that with a field error
    expect(leadRequestBody(leadInputFromForm(posted({ consent_version: '2; drop' }), page))).not.toHaveProperty('consent_version');
    expect(posted({ website: 'spam.example' }).website).toBe('spam.example');
  });

  it('sends only the facts that differ from the MLS, and checks the typed ones', () => {
    const values = posted({
      phone: '2015550123',
      address: '1156 N 93rd St',
      consent: 'on',
      'mls-bedrooms': '3',
      'mls-bathrooms': '2.25',
      'mls-sqftLiving': '1560',
      'mls-yearBuilt': '',
      'fact-bedrooms': '4',
      'fact-bathrooms': '2.25',
      'fact-sqftLiving': '1,560',
      'fact-yearBuilt': '1952',
    });
    expect(values.facts?.mls).toEqual({ bedrooms: 3, bathrooms: 2.25, sqftLiving: 1560, yearBuilt: null });
    expect(leadRequestBody(leadInputFromForm(values, page)).facts).toEqual({ bedrooms: 4, yearBuilt: 1952 });
    expect(factProblems({ bedrooms: '40', bathrooms: '2.1', sqftLiving: '', yearBuilt: 'old' })).toEqual({
      bedrooms: 'Bedrooms: between 0 and 20.',
      bathrooms: 'Bathrooms: in steps of 0.25 (e.g. 2.5).',
      yearBuilt: 'Year built: enter a number.',
    });
  });

  it('checks the form as the script does, before anything is sent', () => {
    const ok = { phoneProblem: null, address: '1156 N 93rd St', factProblems: {}, consent: true, turnstileProblem: null };
    expect(leadProblems(ok)).toEqual({});
    expect(
      leadProblems({
        ...ok,
        phoneProblem: 'Bad phone',
        address: ' 12 ',
        consent: false,
        factProblems: { bedrooms: 'Too many' },
        turnstileProblem: TURNSTILE_PROBLEM,
      }),
    ).toEqual({
      phone: 'Bad phone',
      address: ADDRESS_PROBLEM,
      bedrooms: 'Too many',
      consent: CONSENT_PROBLEM,
      turnstile: TURNSTILE_PROBLEM,
    });
  });
});
