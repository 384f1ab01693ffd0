import type { Config } from '@opencma/config';
import { ApiError } from '../errors';

interface SiteverifyResponse {
  success: boolean;
  'error-codes'?: string[];
}

/**
 * Verifies a Cloudflare Turnstile token at TURNSTILE_VERIFY_URL (siteverify). Does nothing when Turnstile
 * is not configured. A missing or rejected token is a 400 on the `turnstile` field; an unreachable
 * verifier fails closed (503): without the check we would be sending texts for bots.
 */
export async function verifyTurnstile(config: Config, token: string | undefined, remoteIp: string): Promise<void> {
  if (!config.turnstileEnabled) return;
  if (!token) throw new ApiError(400, 'validation_failed', 'Some fields need attention.', { turnstile: 'Please complete the verification.' });
  let result: SiteverifyResponse;
  try {
    const res = await fetch(config.TURNSTILE_VERIFY_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ secret: config.TURNSTILE_SECRET_KEY, response: token, remoteip: remoteIp }),
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`siteverify answered ${res.status}`);
    result = (await res.json()) as SiteverifyResponse;
  } catch {
    throw new ApiError(503, 'verification_unavailable', 'We could not verify this request right now. Please try again.');
  }
  if (!result.success) {
    throw new ApiError(400, 'validation_failed', 'Some fields need attention.', {
      turnstile: 'The verification did not succeed. Please try again.',
    });
  }
}
