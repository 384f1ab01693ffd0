export * from './job-queue';
export { createPgBossQueue } from './pg-boss-queue';
export type { PgBossQueueOptions } from './pg-boss-queue';
export { createBullMqQueue } from './bullmq-queue';
export type { BullMqQueueOptions } from './bullmq-queue';
export * from './jobs';
export { createRedisGuard, failFastRedisOptions, RedisUnavailableError } from './redis-guard';
export type { RedisGuard, RedisGuardOptions } from './redis-guard';
export { createRedisAlertRanks } from './redis-alert-ranks';
