import { describe, expect, it } from 'vitest';
import { computeTwilioSignature, validateTwilioSignature } from '../src/index';

// The example from Twilio's request-validation docs (twilio.com/docs/usage/security).
const docs = {
  authToken: '12345',
  url: 'https://mycompany.com/myapp.php?foo=1&bar=2',
  params: {
    CallSid: 'CA1234567890ABCDE',
    Caller: '+14158675309',
    Digits: '1234',
    From: '+14158675309',
    To: '+18005551212',
  },
  signature: 'RSOYDt4T1cUTdK1PDd93/VVr8B8=',
};

describe('Twilio request signatures', () => {
  it("computes the signature from Twilio's documentation example", () => {
    expect(computeTwilioSignature(docs.authToken, docs.url, docs.params)).toBe(docs.signature);
  });

  it('accepts the correct signature, also when the URL carries the default port', () => {
    expect(validateTwilioSignature(docs)).toBe(true);
    expect(validateTwilioSignature({ ...docs, url: 'https://mycompany.com:443/myapp.php?foo=1&bar=2' })).toBe(true);
  });

  it('rejects forgeries', () => {
    expect(validateTwilioSignature({ ...docs, signature: 'RSOYDt4T1cUTdK1PDd93/VVr8B8X' })).toBe(false);
    expect(validateTwilioSignature({ ...docs, params: { ...docs.params, Digits: '9999' } })).toBe(false);
    expect(validateTwilioSignature({ ...docs, params: { ...docs.params, Extra: 'x' } })).toBe(false);
    expect(validateTwilioSignature({ ...docs, url: 'https://mycompany.com/myapp.php?foo=1&bar=3' })).toBe(false);
    expect(validateTwilioSignature({ ...docs, authToken: '54321' })).toBe(false);
    expect(validateTwilioSignature({ ...docs, signature: '' })).toBe(false);
    expect(validateTwilioSignature({ ...docs, signature: undefined })).toBe(false);
    expect(validateTwilioSignature({ ...docs, signature: 'short' })).toBe(false);
  });

  it('parameter order does not matter, names are sorted', () => {
    const reversed = Object.fromEntries(Object.entries(docs.params).reverse());
    expect(computeTwilioSignature(docs.authToken, docs.url, reversed)).toBe(docs.signature);
  });
});
