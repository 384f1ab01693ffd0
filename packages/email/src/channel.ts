import type { DeliveryChannel, LeadEventContext, LeadEventType } from '@opencma/delivery';
import { renderCmaRequestEmail } from './cma-request-email';
import { renderLeadEmail } from './lead-email';
import type { Mailer } from './mailer';

/** An agent's e-mail settings, read by the channel through a function runtime gives it (packages/db). */
export interface AgentEmailSettings {
  email: string | null;
  leadEmailEnabled: boolean;
}

export interface EmailChannelOptions {
  mailer: Mailer;
  /** The From header, e.g. `OpenCMA <leads@example.com>`. */
  from: string;
  readSettings: (agentId: string) => Promise<AgentEmailSettings | null>;
  /** Default 1 hour. */
  retryWindowMs?: number;
}

/**
 * The lead is e-mailed when its report has finished (completed or failed), so the e-mail carries the
 * estimate and the report's status; a report finishes once, so each lead makes one e-mail (decision 0020).
 * `cma.requested` (written once per report) makes a short "X asked for an exact price" e-mail, and a lead
 * crossing the "likely to sell" threshold is e-mailed once too (lead.likely_to_sell, decision 0029).
 */
const LEAD_EMAIL_EVENTS: ReadonlySet<LeadEventType> = new Set(['report.completed', 'report.failed', 'cma.requested', 'lead.likely_to_sell']);

/** The domain of the From address, for Message-IDs. */
function domainOf(from: string): string {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from.trim());
  return m?.[1] ?? 'opencma.local';
}

/** The Message-ID of a delivery: the same on every retry, so a repeat is recognisable as one. */
export const messageIdFor = (deliveryId: string, from: string) => `<${deliveryId}@${domainOf(from)}>`;

/**
 * The e-mail channel: the lead e-mail to the agent's address, when they have one and have not turned
 * lead e-mails off. A stale claim is marked `unknown` (the message may have been handed over): an
 * e-mail is never sent blindly twice.
 */
export function createEmailChannel(opts: EmailChannelOptions): DeliveryChannel {
  return {
    name: 'email',
    retryWindowMs: opts.retryWindowMs ?? 60 * 60_000,
    onStaleClaim: 'unknown',
    async destinations(ctx: LeadEventContext) {
      if (!LEAD_EMAIL_EVENTS.has(ctx.event.type)) return [];
      const settings = await opts.readSettings(ctx.agent.id);
      if (!settings?.leadEmailEnabled || !settings.email) return [];
      return [settings.email.trim().toLowerCase()];
    },
    async send(ctx, delivery) {
      const mail = ctx.event.type === 'cma.requested' ? renderCmaRequestEmail(ctx) : renderLeadEmail(ctx);
      return opts.mailer.send({
        from: opts.from,
        to: delivery.destination,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: messageIdFor(delivery.id, opts.from),
        headers: { 'X-OpenCMA-Delivery': delivery.id, 'Auto-Submitted': 'auto-generated' },
      });
    },
  };
}
