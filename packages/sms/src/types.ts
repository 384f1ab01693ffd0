export type SmsProvider = 'outbox' | 'twilio';

export interface SmsMessage {
  /** E.164 phone number, e.g. +12065550123. */
  to: string;
  body: string;
  /** Where the provider posts delivery status updates (Twilio StatusCallback). */
  statusCallbackUrl?: string;
}

export interface SmsSendResult {
  /** Twilio Message SID (SM…) or outbox_<random>. */
  providerMessageId: string;
  /** Provider status at acceptance: 'queued' / 'accepted' (Twilio), 'sent' (outbox). */
  status: string;
}

export interface SmsLookup {
  to: string;
  body: string;
  /** Only messages created at or after this time (minus a little clock skew) can match. */
  since: Date;
}

export interface SmsSender {
  readonly provider: SmsProvider;
  send(msg: SmsMessage): Promise<SmsSendResult>;
  /**
   * Looks for a message the provider already accepted (same recipient, sender and body, created since
   * `since`): how an ambiguous send is resolved without sending again. Null when there is none; throws
   * SmsError when the provider cannot be asked. Absent when the provider has nothing ambiguous (outbox).
   */
  findSent?(lookup: SmsLookup): Promise<SmsSendResult | null>;
  /**
   * The provider's current status of a message it accepted (and its error code), for a message whose
   * delivery callback never arrived; throws SmsError when the provider cannot be asked. Absent for the outbox.
   */
  fetchStatus?(providerMessageId: string): Promise<{ status: string; errorCode: string | null }>;
}

/** Minimal structured logger; a pino logger fits. */
export interface SmsLogger {
  info(obj: Record<string, unknown>, msg?: string): void;
}
