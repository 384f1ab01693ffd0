import { listSmsLogs, type Agent, type Database } from '@opencma/db';
import type { FastifyInstance } from 'fastify';
import { pollUntil } from '../../../tests/helpers/poll';

/** A signed-in agent as a client holds it: the session cookie and the session's CSRF token. */
export interface Signed {
  cookie: string;
  csrf: string;
}

/** Signs an agent in as a person would: asks for a code, reads the texted code from sms_logs, verifies it. */
export async function signInAgent(app: FastifyInstance, database: Database, agent: Agent): Promise<Signed> {
  const texts = async () => (await listSmsLogs(database.db, { limit: 200 })).filter((m) => m.purpose === 'sign_in' && m.to === agent.phone);
  const seen = new Set((await texts()).map((m) => m.id));
  await app.inject({ method: 'POST', url: '/v1/agent/sign-in/code', payload: { login: agent.phone } });
  const code = await pollUntil(async () => {
    const t = (await texts()).find((m) => !seen.has(m.id));
    return t ? /\b(\d{6})\b/.exec(t.body)?.[1] : undefined;
  }, 10_000);
  const res = await app.inject({ method: 'POST', url: '/v1/agent/sign-in/verify', payload: { login: agent.phone, code } });
  const set = res.cookies.find((c) => c.name === 'opencma_agent')!;
  return { cookie: `opencma_agent=${set.value}`, csrf: res.json().csrf_token };
}
