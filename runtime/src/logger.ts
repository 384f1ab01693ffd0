import pino, { type Logger } from 'pino';
import type { Config } from '@opencma/config';
import { redactReportIds } from '@opencma/db';

/** JSON logs; secrets and phone numbers are redacted wherever they might appear, report ids hashed (redactReportIds). */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, name: string): Logger {
  return pino({
    name,
    level: config.LOG_LEVEL,
    redact: {
      paths: ['*.consumer_phone', '*.phone', '*.to', 'consumer_phone', 'phone', 'to', '*.authorization', '*.password', '*.secret'],
      censor: '[redacted]',
    },
    hooks: { streamWrite: redactReportIds },
  });
}
