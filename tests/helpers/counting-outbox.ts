import { createOutboxSender, type SmsSender } from '@opencma/sms';

/** The outbox sender, counting what it is asked to send. */
export function countingOutbox(): SmsSender & { sent: Array<{ to: string; body: string }> } {
  const inner = createOutboxSender();
  const sent: Array<{ to: string; body: string }> = [];
  return {
    provider: inner.provider,
    sent,
    async send(msg) {
      sent.push({ to: msg.to, body: msg.body });
      return inner.send(msg);
    },
  };
}
