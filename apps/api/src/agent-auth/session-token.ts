import { createHash, randomBytes } from 'node:crypto';

/** The session cookie: `__Host-` (Secure, Path=/, no Domain) when served over https. */
export const SESSION_COOKIE = 'opencma_agent';
export const SECURE_SESSION_COOKIE = '__Host-opencma_agent';

/** The database keeps the token's SHA-256 as the session id: a leaked table holds no usable cookie. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A new session: the cookie's token (256 random bits), its row id and the session's CSRF token. */
export function newSessionSecrets(): { token: string; id: string; csrfToken: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, id: sessionIdOf(token), csrfToken: randomBytes(24).toString('base64url') };
}
