export * from './job-queue';
export { createPgBossQueue } from './pg-boss-queue';
export type { PgBossQueueOptions } from './pg-boss-queue';
export * from './jobs';
