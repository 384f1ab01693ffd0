import { randomUUID } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

/**
 * A local SMTP server (the `smtp-server` library, so it speaks real SMTP to the real client) that
 * captures every accepted message instead of relaying it, for development (`npm start` without
 * SMTP_URL) and tests. Tests inject faults per message: a 4xx/5xx reply to the message, or a connection
 * dropped after the message's data was received but before it was accepted (nothing is captured then).
 */
export interface CapturedMail {
  /** This server's id of the captured copy. */
  id: string;
  messageId: string | null;
  /** The envelope: who the client said it sends from and to. */
  envelopeFrom: string;
  envelopeTo: string[];
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The List-Unsubscribe and List-Unsubscribe-Post headers as sent (RFC 8058), when present. */
  listUnsubscribe: string | null;
  listUnsubscribePost: string | null;
  receivedAt: string;
}

/** A header's value as sent (mailparser parses List-Unsubscribe into an object; the raw line is what clients read). */
function headerText(lines: ReadonlyArray<{ key: string; line: string }>, key: string): string | null {
  const line = lines.find((l) => l.key === key)?.line;
  return line ? line.slice(line.indexOf(':') + 1).trim() : null;
}

export type SmtpFault =
  /** Answer the message's data with this code (421/450/451/452 temporary, 550/552/554 permanent). */
  | { kind: 'reject'; code: number; message?: string }
  /** Close the connection after the data arrived, before any answer (the client cannot know whether it was accepted; it was not). */
  | { kind: 'drop' };

export interface LocalSmtpServer {
  /** smtp://host:port, for SMTP_URL or the mailer. */
  readonly url: string;
  /** Captured mails, oldest first. */
  messages(): CapturedMail[];
  /** Faults for the next messages, one per message, in order. */
  failNext(...faults: SmtpFault[]): void;
  /**
   * Answers each message's data only after `ms` (0: at once), like a slow mail server: a test can stop
   * a sender while its message is in flight. The message is captured (accepted) when the answer is due.
   */
  slowDown(ms: number): void;
  close(): Promise<void>;
}

export interface LocalSmtpServerOptions {
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Captured mails kept (oldest dropped first); default 500. */
  keep?: number;
  onMessage?: (mail: CapturedMail) => void;
}

const MAX_MESSAGE_BYTES = 5 * 1024 * 1024;

export async function startLocalSmtpServer(opts: LocalSmtpServerOptions = {}): Promise<LocalSmtpServer> {
  const captured: CapturedMail[] = [];
  const faults: SmtpFault[] = [];
  const keep = opts.keep ?? 500;
  let answerDelayMs = 0;
  /** The socket of a session (smtp-server keeps its connections, each with the session's id). */
  const socketOf = (sessionId: string): Socket | undefined => {
    const connections = (server as unknown as { connections: Set<{ id: string; _socket: Socket }> }).connections;
    for (const c of connections) if (c.id === sessionId) return c._socket;
    return undefined;
  };

  const server = new SMTPServer({
    // Local and plain: no TLS, no authentication (a client that logs in anyway is let in).
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    onAuth: (_auth, _session, callback) => callback(null, { user: 'local' }),
    size: MAX_MESSAGE_BYTES,
    logger: false,
    banner: 'OpenCMA local SMTP (mail is captured, never relayed)',
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null, message?: string) => void) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => (answerDelayMs > 0 ? setTimeout(answer, answerDelayMs) : answer()));
      const answer = () => {
        const fault = faults.shift();
        if (fault?.kind === 'drop') {
          socketOf(session.id)?.destroy();
          return;
        }
        if (fault?.kind === 'reject') {
          const err = new Error(fault.message ?? (fault.code >= 500 ? 'Message rejected' : 'Try again later')) as Error & { responseCode: number };
          err.responseCode = fault.code;
          callback(err);
          return;
        }
        if (stream.sizeExceeded) {
          const err = new Error('Message too large') as Error & { responseCode: number };
          err.responseCode = 552;
          callback(err);
          return;
        }
        simpleParser(Buffer.concat(chunks))
          .then((parsed) => {
            const addressText = (a: typeof parsed.from | typeof parsed.to) => (Array.isArray(a) ? a.map((x) => x.text).join(', ') : (a?.text ?? ''));
            const mail: CapturedMail = {
              id: randomUUID(),
              messageId: parsed.messageId ?? null,
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              from: addressText(parsed.from),
              to: addressText(parsed.to),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : '',
              listUnsubscribe: headerText(parsed.headerLines, 'list-unsubscribe'),
              listUnsubscribePost: headerText(parsed.headerLines, 'list-unsubscribe-post'),
              receivedAt: new Date().toISOString(),
            };
            captured.push(mail);
            if (captured.length > keep) captured.splice(0, captured.length - keep);
            opts.onMessage?.(mail);
            callback(null, `Captured as ${mail.id}`);
          })
          .catch((err: Error) => {
            const reply = new Error(`Message could not be parsed: ${err.message}`) as Error & { responseCode: number };
            reply.responseCode = 554;
            callback(reply);
          });
      };
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.server.address() as AddressInfo;
  const host = opts.host ?? '127.0.0.1';
  return {
    url: `smtp://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    messages: () => [...captured],
    failNext: (...more) => faults.push(...more),
    slowDown: (ms) => {
      answerDelayMs = ms;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
