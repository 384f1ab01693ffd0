import { isbot } from 'isbot';

/** Anything within this long of sending is a machine: a person does not receive, open and click that fast. */
export const MACHINE_WINDOW_MS = 10_000;
/** Apple Mail Privacy Protection fetches every message's images when it is delivered, not when it is read. */
export const PREFETCH_WINDOW_MS = 15 * 60_000;

/** Image proxies that fetch when the reader opens the message (Gmail, Yahoo): a person's open. */
const OPEN_TIME_PROXY = /GoogleImageProxy|YahooMailProxy/i;
/** Apple Mail's WebKit (macOS / iOS) without a browser's name: the mail app itself, or Apple's privacy proxy. */
const APPLE_MAIL = /^Mozilla\/5\.0 \((Macintosh|iPhone|iPad)[^)]*\) AppleWebKit\/[\d.]+ \(KHTML, like Gecko\)( Mobile\/\w+)?$/;

export interface MailEngagement {
  kind: 'open' | 'click';
  userAgent: string | undefined | null;
  /** When the update was handed to the mail server (or claimed for sending, if not recorded yet). */
  sentAt: Date | null;
  at: Date;
}

export type MachineReason = 'too_soon' | 'prefetch' | 'bot' | null;

/**
 * Whether an open or click of a value update came from a machine rather than the homeowner
 * (decision 0036). Opens from machines are a known source of false "opened" signals:
 * - anything within MACHINE_WINDOW_MS of sending (link scanners at delivery, whatever they call themselves);
 * - Apple Mail Privacy Protection: its proxy's bare `Mozilla/5.0` is a bot to isbot; Apple Mail's own
 *   WebKit agent within PREFETCH_WINDOW_MS of sending is taken as its prefetch, later as the reader;
 * - every other agent isbot knows (crawlers, scanners, scripts, no User-Agent) — except the image proxies
 *   of Gmail and Yahoo, which fetch when the reader opens the message and so count as the person.
 * Returns the reason, or null for a person.
 */
export function machineReason(e: MailEngagement): MachineReason {
  const ua = (e.userAgent ?? '').slice(0, 1000).trim();
  const since = e.sentAt ? e.at.getTime() - e.sentAt.getTime() : 0;
  if (since < MACHINE_WINDOW_MS) return 'too_soon';
  if (e.kind === 'open' && OPEN_TIME_PROXY.test(ua)) return null;
  if (!ua || isbot(ua)) return 'bot';
  if (e.kind === 'open' && APPLE_MAIL.test(ua) && since < PREFETCH_WINDOW_MS) return 'prefetch';
  return null;
}
