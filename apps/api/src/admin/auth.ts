import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Bearer ADMIN_TOKEN, compared in constant time (over hashes, so lengths leak nothing either). */
export function requireAdmin(token: string) {
  const expected = digest(token);
  return async (req: FastifyRequest) => {
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m || !timingSafeEqual(digest(m[1]!), expected)) {
      throw new ApiError(401, 'unauthorized', 'A valid admin token is required.', undefined, { 'www-authenticate': 'Bearer' });
    }
  };
}
