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

export interface SmsSender {
  readonly provider: SmsProvider;
  send(msg: SmsMessage): Promise<SmsSendResult>;
}

/** Minimal structured logger; a pino logger fits. */
export interface SmsLogger {
  info(obj: Record<string, unknown>, msg?: string): void;
}
