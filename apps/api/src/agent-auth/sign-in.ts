import type { Config } from '@opencma/config';
import {
  consumeSignInCode,
  createAgentSession,
  createSignInCode,
  findUserForSignIn,
  recordAgentSms,
  takeSignInAttempt,
  type Agent,
  type Db,
} from '@opencma/db';
import { maskPhonesInText, type SmsSender } from '@opencma/sms';
import { normalizeConsumerPhone } from '@opencma/contracts';
import { generateSignInCode, hashSignInCode, SIGN_IN_CODE_MAX_ATTEMPTS, SIGN_IN_CODE_TTL_MS, signInCodeMatches, signInCodeText } from './codes';
import { newSessionSecrets } from './session-token';

/** A login as typed: an e-mail address, or a phone number in an allowed country. */
export type Login = { email: string } | { phone: string };

export function parseLogin(input: string, allowedCountries: string[]): Login | null {
  const s = input.trim();
  if (s.includes('@')) return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s) ? { email: s.toLowerCase() } : null;
  const phone = normalizeConsumerPhone(s, allowedCountries);
  return phone.ok ? { phone: phone.e164 } : null;
}

export const loginKey = (login: Login) => ('email' in login ? `e:${login.email}` : `p:${login.phone}`);

export interface SignInDeps {
  db: Db;
  sms: SmsSender;
  config: Config;
  log: { warn(obj: object, msg: string): void };
  now?: () => Date;
}

/**
 * Texts a new code to the agent the login names, if there is one with a phone. The caller answers
 * the same whatever happens here (it does not wait), so nobody learns which numbers are agents.
 */
export async function sendSignInCode(deps: SignInDeps, user: Agent, ip: string | null): Promise<void> {
  if (!user.phone) return;
  const code = generateSignInCode();
  const now = deps.now?.() ?? new Date();
  await createSignInCode(deps.db, {
    user_id: user.id,
    code_hash: hashSignInCode(code),
    expires_at: new Date(now.getTime() + SIGN_IN_CODE_TTL_MS),
    requested_ip: ip,
  });
  const body = signInCodeText(code);
  // The outbox is where a developer reads the code; a real provider's log keeps it without the code.
  const logged = deps.sms.provider === 'outbox' ? body : signInCodeText('••••••');
  try {
    const sent = await deps.sms.send({ to: user.phone, body, statusCallbackUrl: deps.config.twilioStatusCallbackUrl ?? undefined });
    await recordAgentSms(deps.db, 'sign_in', {
      to: user.phone,
      body: logged,
      provider: deps.sms.provider,
      provider_message_id: sent.providerMessageId,
      status: sent.status,
    });
  } catch (err) {
    const e = err as { code?: unknown; message?: string };
    deps.log.warn({ err: maskPhonesInText(e.message ?? ''), code: e.code }, 'sign-in code text failed');
    await recordAgentSms(deps.db, 'sign_in', {
      to: user.phone,
      body: logged,
      provider: deps.sms.provider,
      provider_message_id: null,
      status: 'failed',
      error_code: e.code === undefined ? null : String(e.code),
      error_message: e.message ?? null,
    });
  }
}

export type VerifyResult = { ok: true; user: Agent; token: string; csrfToken: string; expiresAt: Date } | { ok: false };

/**
 * Checks a typed code against the login's current code (one try counted first, at most 5), and
 * opens a session when it matches. Unknown logins, wrong, expired, used-up and reused codes all end
 * the same: `{ ok: false }`.
 */
export async function verifySignInCode(
  deps: Pick<SignInDeps, 'db' | 'now'>,
  login: Login,
  code: string,
  session: { days: number; ip: string | null; userAgent: string | null },
): Promise<VerifyResult> {
  const user = await findUserForSignIn(deps.db, login);
  if (!user) return { ok: false };
  const now = deps.now?.() ?? new Date();
  const attempt = await takeSignInAttempt(deps.db, user.id, now, SIGN_IN_CODE_MAX_ATTEMPTS);
  if (!attempt || !signInCodeMatches(code, attempt.code_hash)) return { ok: false };
  if (!(await consumeSignInCode(deps.db, attempt.id))) return { ok: false };
  const secrets = newSessionSecrets();
  const expiresAt = new Date(now.getTime() + session.days * 86_400_000);
  await createAgentSession(deps.db, {
    id: secrets.id,
    user_id: user.id,
    csrf_token: secrets.csrfToken,
    expires_at: expiresAt,
    ip: session.ip,
    user_agent: session.userAgent?.slice(0, 400) ?? null,
  });
  return { ok: true, user, token: secrets.token, csrfToken: secrets.csrfToken, expiresAt };
}
