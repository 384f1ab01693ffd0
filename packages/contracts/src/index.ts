export { normalizeConsumerPhone, maskPhone, type PhoneCheck } from './phone';
export { accountInput, accountPatch, agentInputSchemas, agentPhone } from './agent-input';
export type { WorkerMetrics } from './worker-metrics';
export type { ApiMetrics } from './api-metrics';
export { webhookEndpointInput, webhookEndpointPatch } from './webhooks';
