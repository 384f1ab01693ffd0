export { startSystem, startApiProcess, startWorkerProcess, type RunningSystem, type StartSystemOptions, type ProcessOptions } from './system';
export { createMetrics } from './metrics';
export { createLogger } from './logger';
export * from './adapters';
export { loadConfigOrExit, stopOnSignals } from './process';
