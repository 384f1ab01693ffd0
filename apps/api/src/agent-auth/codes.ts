import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** A sign-in code works for 10 minutes and 5 tries, once. */
export const SIGN_IN_CODE_TTL_MS = 10 * 60_000;
export const SIGN_IN_CODE_MAX_ATTEMPTS = 5;

/** Six random digits (uniform, leading zeros kept). */
export function generateSignInCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

/** `salt.hash`: what the database keeps instead of the code. */
export function hashSignInCode(code: string, salt = randomBytes(16).toString('base64url')): string {
  return `${salt}.${sha256(`${salt}:${code}`)}`;
}

/** Constant-time check of a typed code against its stored hash. */
export function signInCodeMatches(code: string, stored: string): boolean {
  const [salt, hash] = stored.split('.');
  if (!salt || !hash) return false;
  const expected = Buffer.from(hash);
  const actual = Buffer.from(sha256(`${salt}:${code}`));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** The text an agent receives. */
export function signInCodeText(code: string): string {
  return `${code} is your OpenCMA sign-in code. It works for 10 minutes. Never share it — we will never ask for it.`;
}
