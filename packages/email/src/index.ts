export { createEmailChannel, messageIdFor, type AgentEmailSettings, type EmailChannelOptions } from './channel';
export { createSmtpMailer, smtpOutcome, type Mailer, type OutgoingMail } from './mailer';
export { renderLeadEmail, type RenderedMail } from './lead-email';
export { startLocalSmtpServer, type CapturedMail, type LocalSmtpServer, type LocalSmtpServerOptions, type SmtpFault } from './local-server';
export { createActivityDigestSender } from './activity-digest-sender';
