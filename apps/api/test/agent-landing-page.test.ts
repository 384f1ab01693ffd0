import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createAgent, ensureDemoAgent, findAgentById, type Agent, type Database } from '@opencma/db';
import type { FastifyInstance } from 'fastify';
import { type Signed, signInAgent } from './agent-sign-in';
import { createTestDatabase, testDatabaseKind } from '../../../tests/helpers/test-database';
import { buildTestApi } from './test-api';

describe(`agent landing page API (${testDatabaseKind})`, () => {
  let app: FastifyInstance;
  let database: Database;
  let drop: () => Promise<void>;
  let demo: Agent;
  let other: Agent;
  const stored = new Map<string, { body: Buffer; contentType: string }>();

  beforeAll(async () => {
    ({ database, drop } = await createTestDatabase());
    demo = await ensureDemoAgent(database.db);
    other = await createAgent(database.db, { name: 'Olive Other', phone: '+12065550177' });
    app = await buildTestApi(
      database,
      { RATE_LIMIT_SIGN_IN_PER_HOUR: '0', RATE_LIMIT_SIGN_IN_IP_PER_HOUR: '0' },
      {
        storage: {
          get: async (key) => stored.get(key) ?? null,
          put: async (key, body, contentType) => void stored.set(key, { body, contentType }),
        },
      },
    );
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const signIn = (agent: Agent) => signInAgent(app, database, agent);

  const headers = (s: Signed, extra: Record<string, string> = {}) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf, ...extra });

  it("edits the signed-in agent's own texts; the public landing page shows them at once", async () => {
    const s = await signIn(demo);
    const res = await app.inject({
      method: 'PATCH',
      url: '/v1/agent/landing-page',
      headers: headers(s),
      payload: { headline: 'Selling in Ballard?', cta_text: 'Value my home' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      headline: 'Selling in Ballard?',
      cta_text: 'Value my home',
      landing_page_url: 'http://localhost:3000/cma/demo',
    });
    const landing = (await app.inject({ method: 'GET', url: '/v1/agents/demo/landing-page' })).json();
    expect(landing.agent).toMatchObject({ headline: 'Selling in Ballard?', ctaText: 'Value my home' });
    // the other agent's page is untouched
    const theirs = (await app.inject({ method: 'GET', url: `/v1/agents/${other.agent_code}/landing-page` })).json();
    expect(theirs.agent.headline).toBe('What is your home worth?');
  });

  it.each([
    ['an empty headline', { headline: '   ' }, 'headline', /cannot be empty/],
    ['a too long call to action', { cta_text: 'x'.repeat(61) }, 'cta_text', /at most 60/],
    ['an unknown field', { agent_code: 'mine' }, 'body', /./],
  ])('refuses %s with a clear message and changes nothing', async (_label, payload, field, message) => {
    const s = await signIn(demo);
    const before = await findAgentById(database.db, demo.id);
    const res = await app.inject({ method: 'PATCH', url: '/v1/agent/landing-page', headers: headers(s), payload });
    expect(res.statusCode).toBe(400);
    const fields = res.json().error.fields as Record<string, string>;
    expect(Object.entries(fields).some(([k, v]) => (k === field || field === 'body') && message.test(v))).toBe(true);
    expect(await findAgentById(database.db, demo.id)).toEqual(before);
  });

  it('stores an uploaded photo resized to a 400×400 WebP and serves it', async () => {
    const s = await signIn(demo);
    const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    const res = await app.inject({
      method: 'PUT',
      url: '/v1/agent/landing-page/photo',
      headers: headers(s, { 'content-type': 'image/png' }),
      payload: png,
    });
    expect(res.statusCode, res.body).toBe(200);
    const url = res.json().photo_url as string;
    expect(url).toMatch(/^\/v1\/agent-photos\/[0-9a-f-]{36}\/[0-9a-f]{16}\.webp$/);
    const served = await app.inject({ method: 'GET', url });
    expect(served.headers['content-type']).toBe('image/webp');
    const meta = await sharp(served.rawPayload).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 400, 400]);
  });

  it.each([
    ['a text file sent as an image', Buffer.from('hello, not an image'), 'image/png', 400, /not a photo/],
    ['a photo over 5 MB', Buffer.alloc(5 * 1024 * 1024 + 10, 1), 'image/jpeg', 413, /larger than 5 MB/],
  ])('refuses %s and keeps the old photo', async (_label, body, type, status, message) => {
    const s = await signIn(demo);
    const before = (await findAgentById(database.db, demo.id))!.agent.photo_url;
    const res = await app.inject({
      method: 'PUT',
      url: '/v1/agent/landing-page/photo',
      headers: headers(s, { 'content-type': type }),
      payload: body,
    });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.message).toMatch(message);
    expect((await findAgentById(database.db, demo.id))!.agent.photo_url).toBe(before);
  });

  it('refuses an upload that is not an image type at all', async () => {
    const s = await signIn(demo);
    const res = await app.inject({
      method: 'PUT',
      url: '/v1/agent/landing-page/photo',
      headers: headers(s, { 'content-type': 'text/plain' }),
      payload: 'hi',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().error.message).toMatch(/image file/);
  });

  it('gives the QR code of the landing page link as PNG and SVG', async () => {
    const s = await signIn(demo);
    const png = await app.inject({ method: 'GET', url: '/v1/agent/landing-page/qr.png', headers: { cookie: s.cookie } });
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const svg = await app.inject({ method: 'GET', url: '/v1/agent/landing-page/qr.svg', headers: { cookie: s.cookie } });
    expect(svg.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect(svg.body).toMatch(/^<svg/);
    expect((await app.inject({ method: 'GET', url: '/v1/agent/landing-page/qr.png' })).statusCode).toBe(401);
  });
});
