export * from './schema';
export * as schema from './schema';
export { openDatabase } from './client';
export type { Database, Db, SqlExecutor, OpenDatabaseOptions } from './client';
export * from './agent-code';
export * from './agents';
export * from './consumer-reports';
export * from './sms-logs';
export * from './sms-delivery';
