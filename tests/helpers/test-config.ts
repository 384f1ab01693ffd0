import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '@opencma/config';

/**
 * Queue used by system tests: BullMQ on Redis when TEST_REDIS_URL is set (each system with its own
 * key prefix), else the embedded database queue.
 */
export function testQueueEnv(): Record<string, string> {
  const redis = process.env.TEST_REDIS_URL;
  return redis ? { REDIS_URL: redis, QUEUE_PREFIX: `test${randomBytes(5).toString('hex')}` } : {};
}

/** A config for tests: random ports, a private data folder, quick retries. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'opencma-test-'));
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    API_PORT: '0',
    MLS_PORT: '0',
    SMTP_PORT: '0',
    PUBLIC_BASE_URL: 'http://localhost:3000',
    JOB_ATTEMPTS: '3',
    JOB_BACKOFF_MS: '1000',
    // No market-model training in system tests (CPU-heavy); tests/integration/market-model.test.ts turns it on.
    MARKET_MODEL: 'off',
    // No daily digest schedule (and so no pg-boss cron monitor) in system tests; tests/integration/activity-digest.test.ts runs its jobs.
    ACTIVITY_DIGEST_CRON: 'off',
    ...testQueueEnv(),
    ...overrides,
  });
}
