export { normalizeConsumerPhone, maskPhone, formatPhone, type PhoneCheck } from './phone';
export { accountInput, accountPatch, agentInputSchemas, agentPhone, sellingCostBps } from './agent-input';
export type { WorkerMetrics } from './worker-metrics';
export type { ApiMetrics } from './api-metrics';
export { fubApiKeyInput } from './fub-input';
export type { AlertRanks } from './alert-ranks';
export { webhookEndpointInput, webhookEndpointPatch } from './webhooks';
