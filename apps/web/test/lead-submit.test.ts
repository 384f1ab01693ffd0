import { describe, expect, it } from 'vitest';
import { acceptedReportId, errorsFromResponse, FIELD_ORDER, fieldId, hasFactErrors, leadRequestBody, type LeadInput } from '../lib/lead-submit';

const input: LeadInput = {
  agentCode: 'demo',
  phone: ' (201) 555-0123 ',
  address: ' 1156 N 93rd St, Seattle 98103 ',
  place: { address: '1156 N 93rd St', city: 'Seattle', postalCode: '98103', latitude: 47.69, longitude: -122.35, mlsId: null, placeId: 'abc' },
  facts: { bedrooms: 4 },
  consentText: 'I agree that Jordan Avery may contact me.',
  pageUrl: 'http://localhost:3000/cma/demo',
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
      consent_text: 'I agree that Jordan Avery may contact me.',
      page_url: 'http://localhost:3000/cma/demo',
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
    const errors = errorsFromResponse(400, { error: { message: 'Invalid', fields: { consent: 'Tick it', phone: 'Bad phone', 'facts.bedrooms': 'Too many' } } });
    expect(errors).toEqual({ phone: 'Bad phone', bedrooms: 'Too many', consent: 'Tick it' });
    expect(hasFactErrors(errors)).toBe(true);
  });

  it('says plainly what a 429, an inactive page and an unknown error mean', () => {
    expect(errorsFromResponse(429, { error: { message: 'Too many requests. Try again in 5 minutes.' } })).toEqual({ form: 'Too many requests. Try again in 5 minutes.' });
    expect(errorsFromResponse(429, null).form).toMatch(/^Too many requests right now/);
    expect(errorsFromResponse(404, null).form).toBe('This page is no longer active. Please contact the agent directly.');
    expect(errorsFromResponse(400, { error: { fields: { agent_code: 'Unknown' } } }).form).toMatch(/no longer active/);
    expect(errorsFromResponse(400, { error: { fields: { consent_text: 'Consent text is too long.' } } })).toEqual({ form: 'Consent text is too long.' });
    expect(errorsFromResponse(500, null)).toEqual({ form: 'Something went wrong. Please try again.' });
  });

  it('links each field to its element', () => {
    expect(FIELD_ORDER.map(fieldId)).toEqual(['phone', 'address', 'fact-bedrooms', 'fact-bathrooms', 'fact-sqftLiving', 'fact-yearBuilt', 'consent', 'turnstile']);
  });
});
