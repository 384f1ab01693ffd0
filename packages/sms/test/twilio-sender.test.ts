import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTwilioSender, SmsError, startLocalTwilioServer, validateTwilioSignature, type LocalTwilioServer } from '../src/index';

const accountSid = `AC${'a1'.repeat(16)}`;
const authToken = 'test-auth-token-0123456789abcdef';
const from = '+12065550100';
const serviceSid = `MG${'b2'.repeat(16)}`;

let server: LocalTwilioServer;

beforeAll(async () => {
  server = await startLocalTwilioServer({ accountSid, authToken });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => server.reset());

async function sendError(p: Promise<unknown>): Promise<SmsError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(SmsError);
    return err as SmsError;
  }
  throw new Error('expected the send to fail');
}

describe('createTwilioSender against the local Twilio server', () => {
  it('sends with From, form-encoded, and gets a queued SM sid', async () => {
    const sender = createTwilioSender({ accountSid, authToken, from, baseUrl: server.url, timeoutMs: 2000 });
    expect(sender.provider).toBe('twilio');
    const body = 'Your home value report is ready: https://cma.example.com/r/abc?x=1&y=2 — ünïcødé';
    const result = await sender.send({ to: '+12065550123', body, statusCallbackUrl: 'https://api.example.com/v1/webhooks/twilio/status' });
    expect(result.providerMessageId).toMatch(/^SM[0-9a-f]{32}$/);
    expect(result.status).toBe('queued');
    expect(server.messages).toHaveLength(1);
    expect(server.messages[0]).toMatchObject({
      sid: result.providerMessageId,
      to: '+12065550123',
      from,
      messagingServiceSid: null,
      body,
      statusCallback: 'https://api.example.com/v1/webhooks/twilio/status',
    });
  });

  it('sends with a Messaging Service SID instead of From', async () => {
    const sender = createTwilioSender({ accountSid, authToken, messagingServiceSid: serviceSid, baseUrl: server.url });
    const result = await sender.send({ to: '+14155550199', body: 'hello' });
    expect(result.status).toBe('accepted');
    expect(server.messages[0]).toMatchObject({ from: null, messagingServiceSid: serviceSid, statusCallback: null });
  });

  it('the server answers like Twilio: 201 Message resource; GET by sid', async () => {
    const auth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
    const res = await fetch(`${server.url}/2010-04-01/Accounts/${accountSid}/Messages.json`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ To: '+12065550123', From: from, Body: 'hi' }).toString(),
    });
    expect(res.status).toBe(201);
    const json = (await res.json()) as Record<string, unknown>;
    expect(json).toMatchObject({
      account_sid: accountSid,
      api_version: '2010-04-01',
      direction: 'outbound-api',
      status: 'queued',
      to: '+12065550123',
      from,
      body: 'hi',
      error_code: null,
    });
    expect(String(json.date_created)).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    const one = await fetch(`${server.url}${String(json.uri)}`, { headers: { authorization: auth } });
    expect(((await one.json()) as { sid: string }).sid).toBe(json.sid);
  });

  it('wrong credentials → 401 with Twilio 20003, permanent', async () => {
    const sender = createTwilioSender({ accountSid, authToken: 'wrong', from, baseUrl: server.url });
    const err = await sendError(sender.send({ to: '+12065550123', body: 'x' }));
    expect(err).toMatchObject({ code: 20003, status: 401, permanent: true });
    expect(err.moreInfo).toBe('https://www.twilio.com/docs/errors/20003');
    expect(server.messages).toHaveLength(0);
  });

  it('validation errors map to Twilio codes and are permanent', async () => {
    const sender = createTwilioSender({ accountSid, authToken, from, baseUrl: server.url });
    expect(await sendError(sender.send({ to: '2065550123', body: 'x' }))).toMatchObject({ code: 21211, status: 400, permanent: true });
    expect(await sendError(sender.send({ to: '', body: 'x' }))).toMatchObject({ code: 21604, status: 400, permanent: true });
    expect(await sendError(sender.send({ to: '+12065550123', body: '' }))).toMatchObject({ code: 21602, status: 400, permanent: true });
    expect(await sendError(sender.send({ to: '+12065550123', body: 'x'.repeat(1601) }))).toMatchObject({ code: 21617, permanent: true });
    expect(await sendError(sender.send({ to: '+15005550004', body: 'x' }))).toMatchObject({ code: 21610, permanent: true });
    expect(await sendError(sender.send({ to: '+15005550009', body: 'x' }))).toMatchObject({ code: 21614, permanent: true });
    expect(await sendError(sender.send({ to: '+15005550003', body: 'x' }))).toMatchObject({ code: 21408, permanent: true });
    expect(await sendError(sender.send({ to: '+15005550002', body: 'x' }))).toMatchObject({ code: 21612, permanent: true });
    expect(server.messages).toHaveLength(0);
  });

  it('injected failures: 20429 and 5xx are transient, then the next send succeeds', async () => {
    const sender = createTwilioSender({ accountSid, authToken, from, baseUrl: server.url });
    server.failNext(20429, 429, 1);
    server.failNext(20500, 500, 1);
    server.failNext(21610, 400, 1, 'Attempt to send to unsubscribed recipient');
    // A 429 was refused (nothing to look up); a 5xx may come after the message was stored.
    expect(await sendError(sender.send({ to: '+12065550123', body: 'x' }))).toMatchObject({
      code: 20429,
      status: 429,
      permanent: false,
      ambiguous: false,
    });
    expect(await sendError(sender.send({ to: '+12065550123', body: 'x' }))).toMatchObject({
      code: 20500,
      status: 500,
      permanent: false,
      ambiguous: true,
    });
    const unsub = await sendError(sender.send({ to: '+12065550123', body: 'x' }));
    expect(unsub).toMatchObject({ code: 21610, permanent: true });
    expect(unsub.message).toContain('unsubscribed');
    await expect(sender.send({ to: '+12065550123', body: 'x' })).resolves.toMatchObject({ status: 'queued' });
    expect(server.requestCount).toBe(4);
  });

  it('a 503 with a non-JSON body is transient', async () => {
    const plain = createServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end('<html>upstream down</html>');
    });
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    try {
      const sender = createTwilioSender({ accountSid, authToken, from, baseUrl: `http://127.0.0.1:${(plain.address() as AddressInfo).port}` });
      expect(await sendError(sender.send({ to: '+12065550123', body: 'x' }))).toMatchObject({ code: 'http_503', status: 503, permanent: false });
    } finally {
      await new Promise((r) => plain.close(r));
    }
  });

  it('a dropped connection is a transient network error', async () => {
    const sender = createTwilioSender({ accountSid, authToken, from, baseUrl: server.url });
    server.dropNext();
    expect(await sendError(sender.send({ to: '+12065550123', body: 'x' }))).toMatchObject({ code: 'network', permanent: false, ambiguous: true });
  });

  it('a slow answer times out as transient and ambiguous', async () => {
    const sender = createTwilioSender({ accountSid, authToken, from, baseUrl: server.url, timeoutMs: 100 });
    server.delayNext(1000);
    expect(await sendError(sender.send({ to: '+12065550123', body: 'x' }))).toMatchObject({ code: 'timeout', permanent: false, ambiguous: true });
  });

  it('accept-then-hang: the send times out, and the lookup finds the accepted message (body, recipient and sender matched)', async () => {
    const sender = createTwilioSender({ accountSid, authToken, from, baseUrl: server.url, timeoutMs: 300 });
    const since = new Date();
    const other = createTwilioSender({ accountSid, authToken, from: '+12065550199', baseUrl: server.url });
    await other.send({ to: '+12065550123', body: 'Your report is ready: /r/1' }); // same body, other sender
    await sender.send({ to: '+12065550123', body: 'Your report is ready: /r/2' }); // same recipient, other body
    server.hangNext();
    const err = await sendError(sender.send({ to: '+12065550123', body: 'Your report is ready: /r/1' }));
    expect(err).toMatchObject({ code: 'timeout', ambiguous: true });
    expect(server.messages).toHaveLength(3);
    const found = await sender.findSent!({ to: '+12065550123', body: 'Your report is ready: /r/1', since });
    expect(found).toEqual({ providerMessageId: server.messages[2]!.sid, status: 'queued' });
    expect(await sender.findSent!({ to: '+12065550124', body: 'Your report is ready: /r/1', since })).toBeNull();
    // Messages created before `since` (beyond the allowed clock skew) never match.
    expect(await sender.findSent!({ to: '+12065550123', body: 'Your report is ready: /r/1', since: new Date(Date.now() + 3_600_000) })).toBeNull();
  });

  it('fetches one message’s status by its SID (for a delivery callback that never came); an unknown SID is an error', async () => {
    const sender = createTwilioSender({ accountSid, authToken, from, baseUrl: server.url });
    const sent = await sender.send({ to: '+12065550123', body: 'status please' });
    expect(await sender.fetchStatus!(sent.providerMessageId)).toEqual({ status: 'queued', errorCode: null });
    server.messages[0]!.status = 'delivered';
    expect(await sender.fetchStatus!(sent.providerMessageId)).toEqual({ status: 'delivered', errorCode: null });
    expect(await sendError(sender.fetchStatus!(`SM${'0'.repeat(32)}`))).toMatchObject({ code: 20404, permanent: true });
  });

  it('the lookup follows next_page_uri and matches a Messaging Service message', async () => {
    const sender = createTwilioSender({ accountSid, authToken, messagingServiceSid: serviceSid, baseUrl: server.url });
    const since = new Date();
    await sender.send({ to: '+12065550123', body: 'the one' });
    for (let i = 0; i < 120; i++) await sender.send({ to: '+12065550123', body: `filler ${i}` });
    const listsBefore = server.listCount;
    const found = await sender.findSent!({ to: '+12065550123', body: 'the one', since });
    expect(found?.providerMessageId).toBe(server.messages[0]!.sid);
    expect(server.listCount - listsBefore).toBe(2); // PageSize 100: the match is on the second page
  });

  it('lists like Twilio: newest first, filtered by To, From and DateSent, paged', async () => {
    const sender = createTwilioSender({ accountSid, authToken, from, baseUrl: server.url });
    const a = await sender.send({ to: '+12065550123', body: 'a', statusCallbackUrl: 'http://127.0.0.1:9/unreachable' });
    const b = await sender.send({ to: '+12065550123', body: 'b' });
    await sender.send({ to: '+12065550124', body: 'c' });
    await server.sendStatusCallback(a.providerMessageId, 'sent').catch(() => undefined);
    const auth = { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}` };
    const list = async (query: string) => {
      const res = await fetch(`${server.url}/2010-04-01/Accounts/${accountSid}/Messages.json?${query}`, { headers: auth });
      expect(res.status).toBe(200);
      return (await res.json()) as { messages: Array<{ sid: string }>; next_page_uri: string | null; page_size: number };
    };
    expect((await list('To=%2B12065550123')).messages.map((m) => m.sid)).toEqual([b.providerMessageId, a.providerMessageId]);
    const today = new Date().toISOString().slice(0, 10);
    // Only a sent message has a date_sent (the callback above could not be posted, but the message is sent).
    expect((await list(`To=%2B12065550123&DateSent=${today}`)).messages.map((m) => m.sid)).toEqual([a.providerMessageId]);
    const first = await list('PageSize=2');
    expect(first.messages).toHaveLength(2);
    expect(first.next_page_uri).toMatch(/Page=1&PageToken=PA2$/);
    const second = await fetch(`${server.url}${first.next_page_uri}`, { headers: auth }).then(
      (r) => r.json() as Promise<{ messages: unknown[]; next_page_uri: null }>,
    );
    expect(second.messages).toHaveLength(1);
    expect(second.next_page_uri).toBeNull();
  });

  it('nothing listening is a transient network error', async () => {
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const sender = createTwilioSender({ accountSid, authToken, from, baseUrl: `http://127.0.0.1:${port}` });
    // Connection refused: the request never left, so nothing can have been accepted.
    expect(await sendError(sender.send({ to: '+12065550123', body: 'x' }))).toMatchObject({ code: 'network', permanent: false, ambiguous: false });
  });

  it('refuses to build without a sender identity', () => {
    expect(() => createTwilioSender({ accountSid, authToken })).toThrow(/from|messagingServiceSid/);
  });

  it('posts a status callback signed with X-Twilio-Signature', async () => {
    const received: { url: string; signature: string | undefined; params: Record<string, string> }[] = [];
    const hook = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        const port = (hook.address() as AddressInfo).port;
        received.push({
          url: `http://127.0.0.1:${port}${req.url}`,
          signature: req.headers['x-twilio-signature'] as string | undefined,
          params: Object.fromEntries(new URLSearchParams(raw)),
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    try {
      const port = (hook.address() as AddressInfo).port;
      const sender = createTwilioSender({ accountSid, authToken, from, baseUrl: server.url });
      const { providerMessageId } = await sender.send({
        to: '+12065550123',
        body: 'x',
        statusCallbackUrl: `http://127.0.0.1:${port}/v1/webhooks/twilio/status?r=1`,
      });
      expect(await server.sendStatusCallback(providerMessageId, 'undelivered', { errorCode: 30003 })).toBe(204);
      const hit = received[0]!;
      expect(hit.params).toMatchObject({ MessageSid: providerMessageId, MessageStatus: 'undelivered', ErrorCode: '30003', To: '+12065550123' });
      expect(validateTwilioSignature({ authToken, url: hit.url, params: hit.params, signature: hit.signature })).toBe(true);
      expect(validateTwilioSignature({ authToken: 'other', url: hit.url, params: hit.params, signature: hit.signature })).toBe(false);
    } finally {
      await new Promise((r) => hook.close(r));
    }
  });
});
