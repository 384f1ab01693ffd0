export * from './types';
export { SmsError, PERMANENT_TWILIO_CODES, TRANSIENT_TWILIO_CODES, isPermanentTwilioError } from './errors';
export { maskPhone, maskPhonesInText } from './mask';
export { createOutboxSender, type OutboxSenderOptions } from './outbox';
export { createTwilioSender, type TwilioSenderOptions } from './twilio';
export { computeTwilioSignature, validateTwilioSignature, type TwilioParams, type ValidateTwilioSignatureInput } from './signature';
export {
  startLocalTwilioServer,
  type LocalTwilioServer,
  type LocalTwilioServerOptions,
  type LocalTwilioMessage,
  type LocalTwilioDeliveryStatus,
  type LocalTwilioFaults,
} from './local-server';
export { classifyReply, type ReplyIntent } from './opt-out';
