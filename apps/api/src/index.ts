export { buildApi } from './app';
export type { BuildApiOptions } from './app';
export type { ApiDeps, AddressSuggestion } from './deps';
export { normalizeConsumerPhone, maskPhone } from './phone';
export { accountInput, accountPatch, agentInputSchemas } from './admin/agent-input';
