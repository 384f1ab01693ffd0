import { createHmac, timingSafeEqual } from 'node:crypto';

export type TwilioParams = Record<string, string | readonly string[] | undefined>;

/**
 * X-Twilio-Signature: base64(HMAC-SHA1(authToken, url + each param name followed by its value,
 * names sorted)). See https://www.twilio.com/docs/usage/security#validating-requests
 */
export function computeTwilioSignature(authToken: string, url: string, params: TwilioParams = {}): string {
  let data = url;
  for (const key of Object.keys(params).sort()) {
    const value = params[key];
    if (value === undefined) continue;
    const values = typeof value === 'string' ? [value] : [...value].sort();
    for (const v of values) data += key + v;
  }
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a, 'utf8');
  const bb = Buffer.from(b, 'utf8');
  if (ab.length !== bb.length) {
    timingSafeEqual(ab, ab); // same work either way
    return false;
  }
  return timingSafeEqual(ab, bb);
}

/** Twilio may sign the URL with or without the default port; accept both like its helper libraries. */
function urlVariants(url: string): string[] {
  const m = /^(https?):\/\/([^/?#:]+)(?::(\d+))?(.*)$/i.exec(url);
  if (!m) return [url];
  const [, scheme = '', host = '', port, rest = ''] = m;
  const defaultPort = scheme.toLowerCase() === 'https' ? '443' : '80';
  if (port === undefined) return [url, `${scheme}://${host}:${defaultPort}${rest}`];
  if (port === defaultPort) return [url, `${scheme}://${host}${rest}`];
  return [url];
}

export interface ValidateTwilioSignatureInput {
  authToken: string;
  /** The full URL Twilio requested (scheme, host, path and query exactly as configured in Twilio). */
  url: string;
  /** The form-encoded POST parameters (empty for GET). */
  params: TwilioParams;
  /** The X-Twilio-Signature header. */
  signature: string | null | undefined;
}

export function validateTwilioSignature(input: ValidateTwilioSignatureInput): boolean {
  const { authToken, url, params, signature } = input;
  if (!authToken || !signature) return false;
  let ok = false;
  for (const candidate of urlVariants(url)) {
    if (safeEqual(computeTwilioSignature(authToken, candidate, params), signature)) ok = true;
  }
  return ok;
}
