export { startSystem, type RunningSystem, type StartSystemOptions } from './system';
export { createLogger } from './logger';
export * from './adapters';
