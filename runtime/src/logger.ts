import pino, { type Logger } from 'pino';
import type { Config } from '@opencma/config';

/** JSON logs; secrets and phone numbers are redacted wherever they might appear. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, name: string): Logger {
  return pino({
    name,
    level: config.LOG_LEVEL,
    redact: {
      paths: ['*.consumer_phone', '*.phone', '*.to', 'consumer_phone', 'phone', 'to', '*.authorization', '*.password', '*.secret'],
      censor: '[redacted]',
    },
  });
}
