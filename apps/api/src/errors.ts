import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

/** The one error shape of the API: `{ error: { code, message, fields? } }`. */
export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const notFound = (what: string, code = 'not_found') => new ApiError(404, code, `${what} not found`);

export function validationError(fields: Record<string, string>): ApiError {
  return new ApiError(400, 'validation_failed', 'Some fields need attention.', fields);
}

/** Error codes meaning a backing service (the database) cannot be reached right now. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  // PostgreSQL: admin/crash shutdown, cannot connect now, connection exceptions, too many connections.
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
]);
const UNAVAILABLE_MESSAGES =
  /connection terminated|timeout exceeded when trying to connect|Query read timeout|Connection is closed|the database system is (starting up|shutting down|in recovery mode)/i;

/** True when the error (or one it wraps, e.g. a DrizzleQueryError's cause) says a backing service is unreachable. */
export function isServiceUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (e instanceof Error && UNAVAILABLE_MESSAGES.test(e.message)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send({ error: { code: 'not_found', message: `No route for ${req.method} ${req.url.split('?')[0]}` } });
  });
  app.setErrorHandler((err: FastifyError | ApiError, req, reply) => {
    if (err instanceof ApiError) {
      if (err.headers) reply.headers(err.headers);
      const body: ErrorBody = { error: { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) } };
      return reply.status(err.statusCode).send(body);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields: Record<string, string> = {};
      for (const issue of err.validation) {
        const key = issue.instancePath.replace(/^\//, '').replace(/\//g, '.') || String(issue.params?.missingProperty ?? 'body');
        fields[key] ??= issue.message ?? 'Invalid value';
      }
      return reply.status(400).send({ error: { code: 'validation_failed', message: 'Some fields need attention.', fields } });
    }
    const status = err.statusCode ?? 500;
    if (status >= 500 && isServiceUnavailable(err)) {
      // The database is down or restarting: a quick 503 the client may retry, not a 500 (or a hang).
      req.log.warn({ err: (err as Error).message }, 'dependency unavailable');
      reply.header('retry-after', '5');
      return reply
        .status(503)
        .send({ error: { code: 'service_unavailable', message: 'The service is temporarily unavailable. Please try again in a moment.' } });
    }
    if (status >= 500) {
      req.log.error({ err }, 'request failed');
      return reply.status(status).send({ error: { code: 'internal_error', message: 'Something went wrong on our side. Please try again.' } });
    }
    return reply.status(status).send({ error: { code: err.code?.toLowerCase() ?? 'bad_request', message: err.message } });
  });
}

/**
 * Errors Fastify raises before routing (a path parameter that is too long or badly encoded): the same
 * error shape as every other answer, with a message that does not echo the URL back.
 */
export function frameworkErrorHandler(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  const body: ErrorBody = { error: { code: 'bad_request', message: 'The request URL is not valid.' } };
  reply.status(status).send(body);
}
