export { createWebhookChannel, sendWebhook, WEBHOOK_RETRY_WINDOW_MS, type WebhookTarget, type WebhookSendOptions } from './channel';
export { buildPayload, WEBHOOK_EVENT_TYPES, webhookPayload, type WebhookEventType, type WebhookPayload } from './payload';
export { generateWebhookSecret } from './signing';
export { checkWebhookUrl, specialRange, type Resolver, type ResolvedAddress, type UrlCheck } from './ssrf';
