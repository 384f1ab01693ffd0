import type { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { readOwnForm } from '../lib/page/own-form';

const post = (headers: Record<string, string>, body: string) =>
  new Request('https://homes.example.com/r/abc', {
    method: 'POST',
    headers: { host: 'homes.example.com', ...headers },
    body,
  }) as unknown as NextRequest;
const FORM = 'application/x-www-form-urlencoded';

/** The guard every form that posts to its own page goes through (landing page, report value updates, preferences). */
describe('readOwnForm', () => {
  it('gives the fields of a form from its own page, or from a client that sends no Origin', async () => {
    const own = await readOwnForm(post({ origin: 'https://homes.example.com', 'content-type': FORM }, 'email=pat%40example.com&frequency=monthly'));
    expect(own).toBeInstanceOf(URLSearchParams);
    expect((own as URLSearchParams).get('email')).toBe('pat@example.com');
    const noOrigin = await readOwnForm(post({ 'content-type': `${FORM}; charset=UTF-8` }, 'a=1'));
    expect((noOrigin as URLSearchParams).get('a')).toBe('1');
  });

  it('refuses another site (403), Origin null (403), not a form (415), too large (413) — as plain text, not stored', async () => {
    const cases: [NextRequest, number, string, number?][] = [
      [post({ origin: 'https://evil.example', 'content-type': FORM }, 'a=1'), 403, 'This form can only be sent from its own page.'],
      [post({ origin: 'null', 'content-type': FORM }, 'a=1'), 403, 'This form can only be sent from its own page.'],
      [
        post({ origin: 'https://homes.example.com', 'content-type': 'application/json' }, '{"a":1}'),
        415,
        'Send the form as application/x-www-form-urlencoded.',
      ],
      [post({ origin: 'https://homes.example.com', 'content-type': FORM }, `a=${'x'.repeat(2000)}`), 413, 'The form is too large.', 1024],
    ];
    for (const [request, status, text, max] of cases) {
      const res = await readOwnForm(request, max);
      expect(res).toBeInstanceOf(Response);
      expect((res as Response).status).toBe(status);
      expect((res as Response).headers.get('content-type')).toBe('text/plain; charset=utf-8');
      expect((res as Response).headers.get('cache-control')).toBe('no-store');
      expect(await (res as Response).text()).toBe(text);
    }
  });
});
