import nodemailer from 'nodemailer';
import type { DeliveryOutcome } from '@opencma/delivery';

/** One message as the e-mail channel sends it. */
export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable across retries (derived from the delivery id): the recipient's mail client can spot a repeat. */
  messageId: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  /** Sends one message; never throws: the answer says sent, retry or failed. */
  send(mail: OutgoingMail): Promise<DeliveryOutcome>;
  close(): void;
}

export interface SmtpMailerOptions {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465. */
  url: string;
  /** How long to wait for a connection, a greeting and each reply. */
  timeoutMs?: number;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/**
 * An SMTP reply or error as a delivery outcome: a 5xx reply is permanent (bad address, refused
 * content); a 4xx reply, a dropped connection or a timeout is tried again later. A connection that
 * dropped after the message's data was sent but before the server answered leaves it unknown whether
 * the server kept it; like every MTA (RFC 5321 §6.1 expects the sender to try again) it is retried,
 * with the same Message-ID.
 */
export function smtpOutcome(err: unknown): DeliveryOutcome {
  const e = err as SmtpError;
  const code = typeof e?.responseCode === 'number' ? e.responseCode : undefined;
  const reply = (e?.response ?? e?.message ?? String(err)).replace(/\s+/g, ' ').slice(0, 300);
  if (code !== undefined && code >= 500) return { kind: 'failed', error: `SMTP ${code}: ${reply}`, responseStatus: code };
  if (code !== undefined && code >= 400) return { kind: 'retry', error: `SMTP ${code}: ${reply}`, responseStatus: code };
  return { kind: 'retry', error: `${e?.code ?? 'SMTP error'}: ${reply}` };
}

/** The real SMTP client (nodemailer), used against a provider or the local stand-in alike. */
export function createSmtpMailer(opts: SmtpMailerOptions): Mailer {
  const timeout = opts.timeoutMs ?? 15_000;
  const url = new URL(opts.url);
  const secure = url.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // One connection per message: a dropped or timed-out connection never holds others.
    pool: false,
  });
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail({
          from: mail.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: mail.messageId,
          headers: mail.headers,
        });
        if (info.rejected.length > 0) {
          return { kind: 'failed', error: 'SMTP: the recipient was refused' };
        }
        const code = Number(/^(\d{3})/.exec(info.response ?? '')?.[1]);
        return { kind: 'sent', providerId: info.messageId, ...(Number.isFinite(code) ? { responseStatus: code } : {}) };
      } catch (err) {
        return smtpOutcome(err);
      }
    },
    close: () => transport.close(),
  };
}
