export { splitAddress, type AddressParts } from './address';
export { buildFubEvent, FUB_SOURCE, type FubEventBody } from './payload';
export { createFubClient, parseRetryAfter, type FubClient, type FubClientOptions } from './client';
export { createFubChannel, type FubChannelOptions, type FubConnectionStore } from './channel';
export { maskApiKey } from './mask';
