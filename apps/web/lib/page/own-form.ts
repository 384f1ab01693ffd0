import type { NextRequest } from 'next/server';
import { readBody } from '../api-proxy';
import { sameOrigin } from './same-origin';

const refuse = (body: string, status: number) =>
  new Response(body, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } });

/**
 * A form posted to its own page (the landing page, the report's value updates, the preferences): its
 * fields, or the plain-text refusal to answer with — 403 from another site (sameOrigin), 415 not an
 * urlencoded form, 413 larger than `maxBytes` (readBody's default when not given).
 */
export async function readOwnForm(request: NextRequest, maxBytes?: number): Promise<URLSearchParams | Response> {
  if (!sameOrigin(request)) return refuse('This form can only be sent from its own page.', 403);
  if (!/^application\/x-www-form-urlencoded\b/i.test(request.headers.get('content-type') ?? ''))
    return refuse('Send the form as application/x-www-form-urlencoded.', 415);
  const raw = await readBody(request, maxBytes);
  if (raw === null) return refuse('The form is too large.', 413);
  return new URLSearchParams(new TextDecoder().decode(raw));
}
