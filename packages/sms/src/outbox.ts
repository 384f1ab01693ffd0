import { randomBytes } from 'node:crypto';
import { maskPhone, maskPhonesInText } from './mask';
import { SmsError } from './errors';
import type { SmsLogger, SmsSender } from './types';

export interface OutboxSenderOptions {
  logger?: SmsLogger;
}

/**
 * Development sender: nothing leaves the machine. The worker stores each message in sms_logs,
 * which is the outbox; this only hands back an id and logs a line with the numbers masked.
 */
export function createOutboxSender(options: OutboxSenderOptions = {}): SmsSender {
  const { logger } = options;
  return {
    provider: 'outbox',
    async send(msg) {
      if (!msg.to || !msg.body) {
        throw new SmsError('outbox: message needs a recipient and a body', { code: 'invalid_message', permanent: true });
      }
      const providerMessageId = `outbox_${randomBytes(12).toString('hex')}`;
      logger?.info({ provider: 'outbox', providerMessageId, to: maskPhone(msg.to), body: maskPhonesInText(msg.body) }, 'sms (outbox, not sent)');
      return { providerMessageId, status: 'sent' };
    },
  };
}
