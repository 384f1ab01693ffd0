import type { ActivityDigestSender } from '@opencma/delivery';
import { renderActivityDigestEmail } from './activity-digest-email';
import { messageIdFor } from './channel';
import type { Mailer } from './mailer';

/** The daily activity digest through the same Mailer as the lead e-mails; Message-ID from the digest's id. */
export function createActivityDigestSender(opts: { mailer: Mailer; from: string }): ActivityDigestSender {
  return {
    async send(message) {
      const mail = renderActivityDigestEmail(message);
      return opts.mailer.send({
        from: opts.from,
        to: message.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: messageIdFor(message.digestId, opts.from),
        headers: { 'X-OpenCMA-Digest': message.digestId, 'Auto-Submitted': 'auto-generated' },
      });
    },
  };
}
