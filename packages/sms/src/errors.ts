/**
 * A failed send. `permanent` tells the worker whether to retry: a permanent error (bad number,
 * unsubscribed recipient, bad credentials) fails the same way every time; a transient one (rate
 * limit, Twilio 5xx, network, timeout) may succeed later.
 */
export class SmsError extends Error {
  /** Twilio error code (e.g. 21211) or our own ('network', 'timeout', 'bad_response', 'invalid_message'). */
  readonly code: string | number;
  readonly permanent: boolean;
  /**
   * The provider may have accepted the message although we got no usable answer (timeout, connection
   * lost after the request was written, 5xx, unreadable 2xx). Never send again blindly after one: look
   * the message up first (SmsSender.findSent).
   */
  readonly ambiguous: boolean;
  /** HTTP status of the provider's answer, when there was one. */
  readonly status?: number;
  readonly moreInfo?: string;

  constructor(
    message: string,
    init: { code: string | number; permanent: boolean; ambiguous?: boolean; status?: number; moreInfo?: string; cause?: unknown },
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'SmsError';
    this.code = init.code;
    this.permanent = init.permanent;
    this.ambiguous = init.ambiguous ?? false;
    if (init.status !== undefined) this.status = init.status;
    if (init.moreInfo !== undefined) this.moreInfo = init.moreInfo;
  }
}

/** Twilio error codes that will fail again on retry (https://www.twilio.com/docs/api/errors). */
export const PERMANENT_TWILIO_CODES: ReadonlySet<number> = new Set([
  20003, // authentication failed (wrong SID / token)
  20404, // resource not found
  21211, // invalid 'To' number
  21212, // invalid 'From' number
  21408, // permission to send to this region not enabled
  21601, // 'To' is not SMS-capable
  21602, // message body required
  21603, // 'From' required
  21604, // 'To' required
  21606, // 'From' is not a valid SMS-capable number for this account
  21608, // trial account: unverified 'To'
  21610, // recipient unsubscribed (replied STOP)
  21612, // 'To' not reachable from this 'From' / carrier
  21614, // 'To' is not a mobile number
  21617, // body exceeds 1600 characters
  21659, // 'From' is not a Twilio number
  21705, // messaging service invalid
  30003, // unreachable destination handset (delivery status)
  30004, // message blocked
  30005, // unknown destination handset
  30006, // landline or unreachable carrier
  30007, // carrier filtering
]);

/** Codes that mean "try again later" even when the HTTP status is 4xx. */
export const TRANSIENT_TWILIO_CODES: ReadonlySet<number> = new Set([
  20429, // too many requests
  20500, // internal server error
  20503, // service unavailable
  30001, // queue overflow
  30008, // unknown delivery error
]);

/** Decide whether a Twilio error is permanent from its code and the HTTP status. */
export function isPermanentTwilioError(code: number | null | undefined, httpStatus: number | undefined): boolean {
  if (typeof code === 'number') {
    if (TRANSIENT_TWILIO_CODES.has(code)) return false;
    if (PERMANENT_TWILIO_CODES.has(code)) return true;
  }
  if (httpStatus === undefined) return false;
  if (httpStatus === 408 || httpStatus === 429 || httpStatus >= 500) return false;
  // Any other 4xx: the request itself is wrong; sending it again gives the same answer.
  return httpStatus >= 400 && httpStatus < 500;
}
