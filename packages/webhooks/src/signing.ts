/** Standard Webhooks signing (the `standardwebhooks` library): secrets and the three headers. */
import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A new endpoint secret: `whsec_` + 32 random bytes in base64 (the format the library reads). */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

/** webhook-id (stable across retries), webhook-timestamp (seconds, at send) and webhook-signature (v1, HMAC-SHA256). */
export function signatureHeaders(secret: string, messageId: string, at: Date, body: string): Record<string, string> {
  const signature = new Webhook(secret).sign(messageId, at, body);
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}
