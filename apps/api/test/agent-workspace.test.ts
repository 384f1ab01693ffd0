import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, createAgent, ensureDemoAgent, insertReportEvent, listSmsLogs, schema, type Agent, type Database } from '@opencma/db';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, testDatabaseKind } from '../../../tests/helpers/test-database';
import { pollUntil } from '../../../tests/helpers/poll';
import { insertTestReport } from '../../../tests/helpers/test-report';
import { buildTestApi } from './test-api';

const LOGIN_IP = '203.0.113.7';

interface Signed {
  cookie: string;
  csrf: string;
}

/** A report whose homeowner came back on three more days and used the net-proceeds calculator: marked "likely to sell". */
async function insertReportLikely(database: Database, agentId: string | undefined, address: string): Promise<string> {
  const report = await insertTestReport(database, { property_address: address, ...(agentId ? { agent_id: agentId } : {}) });
  const base = { report_id: report.id, device_type: null, browser: null, os: null, referrer: null, duration_ms: null, detail: null };
  for (const day of ['01', '02', '03', '04']) {
    await insertReportEvent(database.db, {
      ...base,
      event_type: 'view',
      session_id: `likely-${day}`,
      viewed_at: new Date(`2026-11-${day}T12:00:00Z`),
    });
  }
  await insertReportEvent(database.db, { ...base, event_type: 'net_proceeds', session_id: 'likely-04', viewed_at: new Date('2026-11-04T12:05:00Z') });
  return report.id;
}

describe(`agent workspace API (${testDatabaseKind})`, () => {
  let app: FastifyInstance;
  let database: Database;
  let drop: () => Promise<void>;
  let demo: Agent;
  let other: Agent;
  let admin: Agent;
  let ip = 1;
  const nextIp = () => `198.51.100.${ip++}`;

  beforeAll(async () => {
    ({ database, drop } = await createTestDatabase());
    demo = await ensureDemoAgent(database.db);
    const otherAccount = await createAccount(database.db, { name: 'Other Realty' });
    other = await createAgent(database.db, { name: 'Olive Other', phone: '+12065550177', account_id: otherAccount.id });
    admin = await createAgent(database.db, { name: 'Ada Admin', phone: '+12065550188', email: 'ada@example.com', account_id: demo.account_id });
    await database.db.update(schema.users).set({ role: 'account_admin' }).where(eq(schema.users.id, admin.id));
    app = await buildTestApi(database, { RATE_LIMIT_SIGN_IN_PER_HOUR: '50', RATE_LIMIT_SIGN_IN_IP_PER_HOUR: '0' });
  });
  afterAll(async () => {
    await app?.close();
    await drop?.();
  });

  const signInTexts = async (phone: string) =>
    (await listSmsLogs(database.db, { limit: 200 })).filter((m) => m.purpose === 'sign_in' && m.to === phone);

  /** The code in the first sign-in text to `phone` that is not in `seen` (the outbox). */
  async function textedCode(phone: string, seen: Set<string>): Promise<string> {
    return pollUntil(async () => {
      const t = (await signInTexts(phone)).find((m) => !seen.has(m.id));
      return t ? /\b(\d{6})\b/.exec(t.body)?.[1] : undefined;
    }, 10_000);
  }

  async function requestCode(login: string, phone: string): Promise<string> {
    const seen = new Set((await signInTexts(phone)).map((m) => m.id));
    const res = await app.inject({ method: 'POST', url: '/v1/agent/sign-in/code', payload: { login }, remoteAddress: nextIp() });
    expect(res.statusCode).toBe(202);
    return textedCode(phone, seen);
  }

  async function signIn(agent: Agent, login = agent.phone!): Promise<Signed> {
    const code = await requestCode(login, agent.phone!);
    const res = await app.inject({ method: 'POST', url: '/v1/agent/sign-in/verify', payload: { login, code }, remoteAddress: nextIp() });
    expect(res.statusCode, res.body).toBe(200);
    const set = res.cookies.find((c) => c.name === 'opencma_agent');
    expect(set).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    return { cookie: `opencma_agent=${set!.value}`, csrf: res.json().csrf_token };
  }

  const get = (s: Signed | null, url: string) => app.inject({ method: 'GET', url, headers: s ? { cookie: s.cookie } : {} });
  const send = (s: Signed, method: 'POST' | 'PATCH', url: string, payload: object, csrf = s.csrf) =>
    app.inject({ method, url, payload, headers: { cookie: s.cookie, 'x-csrf-token': csrf } });

  it('answers known and unknown numbers alike, and texts a code only to a known one', async () => {
    const seen = new Set((await signInTexts('+12065550142')).map((m) => m.id));
    const known = await app.inject({ method: 'POST', url: '/v1/agent/sign-in/code', payload: { login: '(206) 555-0142' }, remoteAddress: LOGIN_IP });
    const unknown = await app.inject({
      method: 'POST',
      url: '/v1/agent/sign-in/code',
      payload: { login: '(206) 555-0199' },
      remoteAddress: LOGIN_IP,
    });
    expect(known.statusCode).toBe(202);
    expect(unknown.statusCode).toBe(202);
    expect(unknown.json()).toEqual(known.json());
    await textedCode('+12065550142', seen);
    const texts = await listSmsLogs(database.db, { limit: 50 });
    expect(texts.some((t) => t.to === '+12065550199')).toBe(false);
    const [codeRow] = await database.db.select().from(schema.agent_sign_in_codes).where(eq(schema.agent_sign_in_codes.user_id, demo.id));
    expect(codeRow!.code_hash).not.toMatch(/^\d{6}$/);
  });

  it('signs in with the texted code (by phone or e-mail), once', async () => {
    const s = await signIn(demo);
    const session = await get(s, '/v1/agent/session');
    expect(session.statusCode).toBe(200);
    expect(session.json().agent).toMatchObject({ agent_code: 'demo', role: 'agent', account: { name: 'Evergreen Realty Group' } });

    const byEmail = await signIn(admin, 'ADA@example.com');
    expect((await get(byEmail, '/v1/agent/session')).json().agent.role).toBe('account_admin');
  });

  it.each([
    ['a wrong code', async (code: string) => ({ login: '+12065550142', code: code === '000000' ? '111111' : '000000' })],
    ['a code for another phone', async (code: string) => ({ login: '+12065550177', code })],
    ['an unknown phone', async (code: string) => ({ login: '+12065550199', code })],
  ])('refuses %s with one clear message', async (_label, body) => {
    const code = await requestCode('+12065550142', '+12065550142');
    const res = await app.inject({ method: 'POST', url: '/v1/agent/sign-in/verify', payload: await body(code), remoteAddress: nextIp() });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'invalid_code', fields: { code: expect.stringMatching(/not right/) } });
    expect(res.cookies).toHaveLength(0);
  });

  it('refuses a reused code, a code after 5 wrong tries, and an expired code', async () => {
    const code = await requestCode('+12065550142', '+12065550142');
    const ok = await app.inject({ method: 'POST', url: '/v1/agent/sign-in/verify', payload: { login: '+12065550142', code } });
    expect(ok.statusCode).toBe(200);
    const reused = await app.inject({ method: 'POST', url: '/v1/agent/sign-in/verify', payload: { login: '+12065550142', code } });
    expect(reused.json().error.code).toBe('invalid_code');

    const fresh = await requestCode('+12065550142', '+12065550142');
    const wrong = fresh === '123456' ? '654321' : '123456';
    for (let i = 0; i < 5; i++) {
      const r = await app.inject({ method: 'POST', url: '/v1/agent/sign-in/verify', payload: { login: '+12065550142', code: wrong } });
      expect(r.statusCode).toBe(400);
    }
    const afterTries = await app.inject({ method: 'POST', url: '/v1/agent/sign-in/verify', payload: { login: '+12065550142', code: fresh } });
    expect(afterTries.json().error.code).toBe('invalid_code');

    const late = await requestCode('+12065550142', '+12065550142');
    await database.db
      .update(schema.agent_sign_in_codes)
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where(eq(schema.agent_sign_in_codes.user_id, demo.id));
    const expired = await app.inject({ method: 'POST', url: '/v1/agent/sign-in/verify', payload: { login: '+12065550142', code: late } });
    expect(expired.json().error.code).toBe('invalid_code');
  });

  it('checks the login and the code format before anything else', async () => {
    const bad = await app.inject({ method: 'POST', url: '/v1/agent/sign-in/code', payload: { login: 'not a phone' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.login).toMatch(/mobile number or e-mail/);
    const short = await app.inject({ method: 'POST', url: '/v1/agent/sign-in/verify', payload: { login: '+12065550142', code: '12' } });
    expect(short.json().error.fields.code).toMatch(/6-digit/);
  });

  it('rate-limits codes per phone', async () => {
    const limited = await buildTestApi(database, { RATE_LIMIT_SIGN_IN_PER_HOUR: '2' });
    try {
      const codes = [];
      for (let i = 0; i < 3; i++)
        codes.push(await limited.inject({ method: 'POST', url: '/v1/agent/sign-in/code', payload: { login: '+12065550199' } }));
      expect(codes.map((r) => r.statusCode)).toEqual([202, 202, 429]);
      expect(codes[2]!.headers['retry-after']).toBeDefined();
    } finally {
      await limited.close();
    }
  });

  it('refuses missing, forged, signed-out and expired sessions, and changes without the CSRF token', async () => {
    expect((await get(null, '/v1/agent/session')).statusCode).toBe(401);
    const forged = await get({ cookie: `opencma_agent=${'A'.repeat(43)}`, csrf: '' }, '/v1/agent/leads');
    expect(forged.statusCode).toBe(401);
    expect(forged.json()).toEqual({ error: { code: 'unauthorized', message: 'Sign in to continue.' } });

    const s = await signIn(demo);
    const report = await insertTestReport(database);
    const noCsrf = await app.inject({
      method: 'PATCH',
      url: `/v1/agent/leads/${report.id}`,
      payload: { lead_status: 'contacted' },
      headers: { cookie: s.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect((await send(s, 'PATCH', `/v1/agent/leads/${report.id}`, { lead_status: 'contacted' }, 'wrong')).statusCode).toBe(403);
    expect((await send(s, 'POST', '/v1/agent/sign-out', {}, 'wrong')).statusCode).toBe(403);

    const out = await send(s, 'POST', '/v1/agent/sign-out', {});
    expect(out.statusCode).toBe(204);
    expect((await get(s, '/v1/agent/session')).statusCode).toBe(401);

    const a = await signIn(demo);
    const b = await signIn(demo);
    const everywhere = await send(a, 'POST', '/v1/agent/sign-out-everywhere', {});
    expect(everywhere.json().ended).toBeGreaterThanOrEqual(2);
    expect((await get(b, '/v1/agent/leads')).statusCode).toBe(401);

    const c = await signIn(demo);
    await database.db
      .update(schema.agent_sessions)
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where(eq(schema.agent_sessions.user_id, demo.id));
    expect((await get(c, '/v1/agent/leads')).statusCode).toBe(401);
  });

  it('scopes leads to their agent; "not yours" answers exactly like "does not exist"', async () => {
    const mine = await insertTestReport(database, { property_address: '100 Mine St, Seattle, WA 98101' });
    const theirs = await insertTestReport(database, { agent_id: other.id, property_address: '200 Theirs Ave, Seattle, WA 98101' });
    await insertReportEvent(database.db, {
      report_id: mine.id,
      event_type: 'view',
      session_id: 's1',
      device_type: 'mobile',
      browser: 'Safari',
      os: 'iOS',
      referrer: null,
      duration_ms: 90_000,
      detail: null,
    });
    const s = await signIn(demo);
    const o = await signIn(other);

    const list = (await get(s, '/v1/agent/leads?page_size=100')).json();
    expect(list.leads.map((l: { id: string }) => l.id)).toContain(mine.id);
    expect(list.leads.map((l: { id: string }) => l.id)).not.toContain(theirs.id);
    expect(list.leads.find((l: { id: string }) => l.id === mine.id)).toMatchObject({ hot: true, activity: { views: 1, sessions: 1 } });

    const search = (await get(s, '/v1/agent/leads?q=Mine%20St')).json();
    expect(search.leads.map((l: { id: string }) => l.id)).toEqual([mine.id]);

    const detail = await get(s, `/v1/agent/leads/${mine.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      consent: { text: mine.consent_text },
      events: [{ type: 'view', device_type: 'mobile', browser: 'Safari' }],
    });

    const missing = 'x'.repeat(22);
    for (const [method, url, payload] of [
      ['GET', '/v1/agent/leads/ID', undefined],
      ['PATCH', '/v1/agent/leads/ID', { lead_status: 'lost' }],
      ['POST', '/v1/agent/leads/ID/notes', { body: 'hello' }],
    ] as const) {
      const notYours = await app.inject({
        method,
        url: url.replace('ID', theirs.id),
        payload,
        headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      });
      const absent = await app.inject({ method, url: url.replace('ID', missing), payload, headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
      expect(notYours.statusCode, `${method} ${url}`).toBe(404);
      expect(notYours.body).toBe(absent.body);
    }
    const theirsRow = await database.db.select().from(schema.consumer_reports).where(eq(schema.consumer_reports.id, theirs.id));
    expect(theirsRow[0]!.lead_status).toBe('new');
    expect((await get(o, `/v1/agent/leads/${theirs.id}`)).json().notes).toEqual([]);
  });

  it('shows "likely to sell" on the agent\'s own leads only (decision 0029); another agent\'s flagged lead stays invisible', async () => {
    const mine = await insertReportLikely(database, undefined, '300 Seller Ln, Seattle, WA 98101');
    const theirs = await insertReportLikely(database, other.id, '400 Their Seller Ln, Seattle, WA 98101');
    const calm = await insertTestReport(database, { property_address: '500 Calm Ct, Seattle, WA 98101' });
    const s = await signIn(demo);
    const o = await signIn(other);
    const list = (await get(s, '/v1/agent/leads?page_size=100')).json().leads as { id: string; likely_to_sell_at: string | null }[];
    expect(list.find((l) => l.id === mine)?.likely_to_sell_at).toEqual(expect.any(String));
    expect(list.find((l) => l.id === calm.id)?.likely_to_sell_at).toBeNull();
    expect(list.map((l) => l.id)).not.toContain(theirs);
    expect((await get(s, '/v1/agent/leads?q=Their%20Seller')).json().leads).toEqual([]);
    expect((await get(s, `/v1/agent/leads/${mine}`)).json().likely_to_sell_at).toEqual(expect.any(String));
    const notYours = await get(s, `/v1/agent/leads/${theirs}`);
    const absent = await get(s, `/v1/agent/leads/${'y'.repeat(22)}`);
    expect(notYours.statusCode).toBe(404);
    expect(notYours.body).toBe(absent.body);
    // the owner sees their own flag
    expect((await get(o, `/v1/agent/leads/${theirs}`)).json().likely_to_sell_at).toEqual(expect.any(String));
  });

  it('keeps notes and a pipeline status; refuses a status that does not exist', async () => {
    const lead = await insertTestReport(database);
    const s = await signIn(demo);
    const bad = await send(s, 'PATCH', `/v1/agent/leads/${lead.id}`, { lead_status: 'sold-ish' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.lead_status).toMatch(/new, contacted, appointment, listed, closed, lost/);
    expect((await send(s, 'PATCH', `/v1/agent/leads/${lead.id}`, { lead_status: 'appointment' })).json()).toEqual({
      id: lead.id,
      lead_status: 'appointment',
    });
    const note = await send(s, 'POST', `/v1/agent/leads/${lead.id}/notes`, { body: 'Called, meeting Tuesday' });
    expect(note.statusCode).toBe(201);
    const empty = await send(s, 'POST', `/v1/agent/leads/${lead.id}/notes`, { body: '  ' });
    expect(empty.statusCode).toBe(400);
    const detail = (await get(s, `/v1/agent/leads/${lead.id}`)).json();
    expect(detail).toMatchObject({ lead_status: 'appointment', notes: [{ body: 'Called, meeting Tuesday', author_name: 'Jordan Avery' }] });
    const filtered = (await get(s, '/v1/agent/leads?status=appointment')).json();
    expect(filtered.leads.map((l: { id: string }) => l.id)).toEqual([lead.id]);
    const csv = await get(s, '/v1/agent/leads.csv?status=appointment');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\r\n')[1]).toContain('appointment');
  });

  it('describes the agent routes in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/v1/openapi.json' })).json();
    for (const path of [
      '/v1/agent/sign-in/code',
      '/v1/agent/sign-in/verify',
      '/v1/agent/leads',
      '/v1/agent/leads/{id}',
      '/v1/agent/landing-page',
      '/v1/agent/account',
    ])
      expect(Object.keys(doc.paths), path).toContain(path);
    expect(doc.components.securitySchemes.agentSession).toMatchObject({ type: 'apiKey', in: 'cookie' });
  });

  it('lets an account admin see every lead of their account and no other', async () => {
    const demosLead = await insertTestReport(database);
    const othersLead = await insertTestReport(database, { agent_id: other.id });
    const a = await signIn(admin);
    const mineOnly = (await get(a, '/v1/agent/leads?page_size=100')).json();
    expect(mineOnly.leads).toEqual([]);
    const account = (await get(a, '/v1/agent/leads?scope=account&page_size=100')).json();
    const ids = account.leads.map((l: { id: string }) => l.id);
    expect(ids).toContain(demosLead.id);
    expect(ids).not.toContain(othersLead.id);
    expect((await get(a, `/v1/agent/leads/${demosLead.id}`)).statusCode).toBe(200);
    expect((await get(a, `/v1/agent/leads/${othersLead.id}`)).statusCode).toBe(404);
    // an agent asking for the account scope gets their own leads
    const s = await signIn(demo);
    const asAgent = (await get(s, '/v1/agent/leads?scope=account&page_size=100')).json();
    expect(asAgent.leads.every((l: { agent_id: string }) => l.agent_id === demo.id)).toBe(true);
  });
});
