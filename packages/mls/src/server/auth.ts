import { timingSafeEqual } from 'node:crypto';

export interface Credentials {
  key: string;
  secret: string;
}

/** SimplyRETS' public demo credentials. */
export const DEMO_CREDENTIALS: Credentials = { key: 'simplyrets', secret: 'simplyrets' };

/** True when the Authorization header carries HTTP Basic `key:secret`. */
export function isAuthorized(header: string | undefined, expected: Credentials): boolean {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m) return false;
  const given = Buffer.from(m[1]!, 'base64');
  const wanted = Buffer.from(`${expected.key}:${expected.secret}`, 'utf8');
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
