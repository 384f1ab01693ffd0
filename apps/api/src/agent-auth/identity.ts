import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { extendAgentSession, findLiveSession, type Account, type Agent, type Db, type LeadScope } from '@opencma/db';
import { ApiError } from '../errors';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE, sessionIdOf } from './session-token';

/** Who is signed in (set by requireAgent). */
export interface AgentIdentity {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  user: Agent;
  account: Account | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    agentIdentity?: AgentIdentity;
  }
}

const DAY_MS = 86_400_000;

export const unauthorized = () => new ApiError(401, 'unauthorized', 'Sign in to continue.');

/** Over https the cookie is `__Host-` and Secure; on plain http (local development) it cannot be Secure. */
export function isSecureRequest(req: FastifyRequest): boolean {
  return req.protocol === 'https';
}

export function setSessionCookie(req: FastifyRequest, reply: FastifyReply, token: string, maxAgeSeconds: number): void {
  const secure = isSecureRequest(req);
  reply.setCookie(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, token, {
    httpOnly: true,
    secure,
    sameSite: 'lax',
    path: '/',
    maxAge: maxAgeSeconds,
  });
}

export function clearSessionCookie(req: FastifyRequest, reply: FastifyReply): void {
  const secure = isSecureRequest(req);
  reply.clearCookie(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, { httpOnly: true, secure, sameSite: 'lax', path: '/' });
}

function sessionToken(req: FastifyRequest): string | null {
  const token = req.cookies[SECURE_SESSION_COOKIE] ?? req.cookies[SESSION_COOKIE];
  return token && /^[A-Za-z0-9_-]{43}$/.test(token) ? token : null;
}

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

export interface AgentAuthOptions {
  db: Db;
  sessionDays: number;
  now?: () => Date;
}

/**
 * The pre-handler of every signed-in route: a live (unrevoked, unexpired) session row for the
 * cookie, else 401. Changes (anything but GET/HEAD) also need the session's CSRF token in
 * `X-CSRF-Token`, else 403. A session used in the second half of its life is extended.
 */
export function agentAuth(opts: AgentAuthOptions) {
  const now = opts.now ?? (() => new Date());
  const lifetimeMs = opts.sessionDays * DAY_MS;
  return async function requireAgent(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const token = sessionToken(req);
    if (!token) throw unauthorized();
    const at = now();
    const found = await findLiveSession(opts.db, sessionIdOf(token), at);
    if (!found) {
      clearSessionCookie(req, reply);
      throw unauthorized();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const sent = req.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !same(sent, found.session.csrf_token)) {
        throw new ApiError(403, 'csrf_failed', 'This request is missing its security token. Reload the page and try again.');
      }
    }
    let expiresAt = found.session.expires_at;
    if (expiresAt.getTime() - at.getTime() < lifetimeMs / 2) {
      expiresAt = new Date(at.getTime() + lifetimeMs);
      await extendAgentSession(opts.db, found.session.id, expiresAt);
      setSessionCookie(req, reply, token, Math.floor(lifetimeMs / 1000));
    }
    req.agentIdentity = { sessionId: found.session.id, csrfToken: found.session.csrf_token, expiresAt, user: found.user, account: found.account };
  };
}

/**
 * Whether a request carries a live agent session (any agent's): their own looks at a report must
 * never count as the homeowner's engagement. Never throws and never touches the cookie.
 */
export async function isSignedInAgent(db: Db, req: FastifyRequest, now = new Date()): Promise<boolean> {
  const token = sessionToken(req);
  if (!token) return false;
  return (await findLiveSession(db, sessionIdOf(token), now)) !== null;
}

/** The signed-in identity of a request that passed requireAgent. */
export function identityOf(req: FastifyRequest): AgentIdentity {
  if (!req.agentIdentity) throw unauthorized();
  return req.agentIdentity;
}

/**
 * Whose leads a request may see: the agent's own, or (an account admin asking for it) every lead of
 * their account. Every lead query in packages/db takes this and filters by it in SQL.
 */
export function leadScopeOf(identity: AgentIdentity, wantAccount = false): LeadScope {
  const { user } = identity;
  if (wantAccount && user.role === 'account_admin' && user.account_id) return { kind: 'account', accountId: user.account_id, userId: user.id };
  return { kind: 'agent', userId: user.id };
}
