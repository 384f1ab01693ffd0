export { buildApi } from './app';
export type { BuildApiOptions } from './app';
export type { ApiDeps, AddressSuggestion } from './deps';
