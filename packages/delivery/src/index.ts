export type { DeliveryChannel, DeliveryChannelName, DeliveryOutcome, LeadEventContext, LeadEventType } from './channel';
export { retryDelayMs, type BackoffOptions } from './backoff';
export type { ActivityDigestMessage, ActivityDigestSender, DayActivity, DigestLead } from './activity-digest';
