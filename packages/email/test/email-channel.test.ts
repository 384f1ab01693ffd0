import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadEventContext } from '@opencma/delivery';
import { createEmailChannel, createSmtpMailer, startLocalSmtpServer, type LocalSmtpServer } from '../src';

const ctx = (over: Partial<LeadEventContext['lead']> = {}, type: LeadEventContext['event']['type'] = 'report.completed'): LeadEventContext => ({
  event: { id: 'evt-1', type, occurredAt: '2026-12-06T05:00:00.000Z', data: {} },
  lead: {
    reportId: 'r3p0rt1d',
    reportUrl: 'https://cma.example.com/r/r3p0rt1d',
    agentLeadUrl: 'https://cma.example.com/agent/leads/r3p0rt1d',
    phone: '+12065550142',
    propertyAddress: '1156 N 93rd St, Seattle, WA 98103 <script>',
    status: 'completed',
    leadStatus: 'new',
    estimate: { value: 815_000, low: 760_000, high: 870_000 },
    createdAt: '2026-12-06T04:59:00.000Z',
    failureReason: null,
    ...over,
  },
  agent: {
    id: 'agent-1',
    accountId: null,
    name: 'Pat Lee',
    phone: '+12065550100',
    email: 'pat@example.com',
    agentCode: 'patlee',
    brandColor: '#0f5132',
    brokerage: 'Lee Realty',
  },
});

describe('e-mail channel against the local SMTP server', () => {
  let smtp: LocalSmtpServer;
  let settings: { email: string | null; leadEmailEnabled: boolean } | null = { email: 'Pat@Example.com', leadEmailEnabled: true };
  let channel: ReturnType<typeof createEmailChannel>;

  beforeAll(async () => {
    smtp = await startLocalSmtpServer();
    channel = createEmailChannel({
      mailer: createSmtpMailer({ url: smtp.url, timeoutMs: 10_000 }),
      from: 'OpenCMA <leads@cma.example.com>',
      readSettings: async () => settings,
    });
  });
  afterAll(async () => {
    await smtp?.close();
  });

  it('goes to the agent when the report has finished, once they have an address and lead e-mails on', async () => {
    expect(await channel.destinations(ctx())).toEqual(['pat@example.com']);
    expect(await channel.destinations(ctx({ status: 'failed' }, 'report.failed'))).toEqual(['pat@example.com']);
    expect(await channel.destinations(ctx({}, 'lead.created'))).toEqual([]);
    expect(await channel.destinations(ctx({}, 'report.viewed'))).toEqual([]);
    expect(await channel.destinations(ctx({}, 'lead.likely_to_sell'))).toEqual(['pat@example.com']);
    settings = { email: 'pat@example.com', leadEmailEnabled: false };
    expect(await channel.destinations(ctx())).toEqual([]);
    settings = { email: null, leadEmailEnabled: true };
    expect(await channel.destinations(ctx())).toEqual([]);
    settings = { email: 'pat@example.com', leadEmailEnabled: true };
  });

  it('sends one multipart e-mail with the branding, the lead details and both links, its Message-ID from the delivery id', async () => {
    const before = smtp.messages().length;
    const outcome = await channel.send(ctx(), { id: '8d2c7a0e-1111-4c1d-9b7a-000000000001', destination: 'pat@example.com', attempt: 1 });
    expect(outcome).toMatchObject({ kind: 'sent', responseStatus: 250 });
    const mails = smtp.messages().slice(before);
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.messageId).toBe('<8d2c7a0e-1111-4c1d-9b7a-000000000001@cma.example.com>');
    expect(mail.envelopeTo).toEqual(['pat@example.com']);
    expect(mail.from).toContain('leads@cma.example.com');
    expect(mail.subject).toBe('New lead: 1156 N 93rd St, Seattle, WA 98103 <script>');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('(206) 555-0142');
      expect(part).toContain('$760,000 – $870,000');
      expect(part).toContain('https://cma.example.com/r/r3p0rt1d');
      expect(part).toContain('https://cma.example.com/agent/leads/r3p0rt1d');
      expect(part).toContain('Report ready');
    }
    expect(mail.html).toContain('background:#0f5132');
    expect(mail.html).toContain('Lee Realty');
    // the address is text in the HTML part, never markup
    expect(mail.html).toContain('WA 98103 &lt;script&gt;');
    expect(mail.html).not.toContain('<script>');
  });

  it('cma.requested goes to the agent as a short "asked for an exact price" e-mail', async () => {
    expect(await channel.destinations(ctx({}, 'cma.requested'))).toEqual(['pat@example.com']);
    const before = smtp.messages().length;
    const outcome = await channel.send(ctx({}, 'cma.requested'), {
      id: '8d2c7a0e-1111-4c1d-9b7a-000000000003',
      destination: 'pat@example.com',
      attempt: 1,
    });
    expect(outcome).toMatchObject({ kind: 'sent' });
    const mail = smtp.messages().slice(before)[0]!;
    expect(mail.subject).toBe('1156 N 93rd St, Seattle, WA 98103 <script> asked for an exact price');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('(206) 555-0142');
      expect(part).toContain('https://cma.example.com/agent/leads/r3p0rt1d');
    }
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).not.toContain('Estimate');
  });

  it('a failed report says so in the e-mail, without an estimate', async () => {
    const before = smtp.messages().length;
    await channel.send(ctx({ status: 'failed', estimate: null, failureReason: 'No nearby sales.' }, 'report.failed'), {
      id: '8d2c7a0e-1111-4c1d-9b7a-000000000002',
      destination: 'pat@example.com',
      attempt: 1,
    });
    const mail = smtp.messages().slice(before)[0]!;
    expect(mail.text).toContain('The report could not be completed: No nearby sales.');
    expect(mail.text).toContain('No estimate');
  });

  it('a lead crossing "likely to sell" gets its own subject and says why', async () => {
    const before = smtp.messages().length;
    const likely = ctx({}, 'lead.likely_to_sell');
    likely.event.data = { score: 6, reasons: ['came back on 2 other days', 'asked for a full CMA'] };
    await channel.send(likely, { id: '8d2c7a0e-1111-4c1d-9b7a-000000000003', destination: 'pat@example.com', attempt: 1 });
    const mail = smtp.messages().slice(before)[0]!;
    expect(mail.subject).toBe('Likely to sell: 1156 N 93rd St, Seattle, WA 98103 <script>');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('They came back on 2 other days, asked for a full CMA.');
      expect(part).toContain('https://cma.example.com/agent/leads/r3p0rt1d');
    }
  });

  it('a 4xx answer or a dropped connection is retried, a 5xx answer is final; nothing is captured for either', async () => {
    const before = smtp.messages().length;
    const send = (n: number) => channel.send(ctx(), { id: `8d2c7a0e-1111-4c1d-9b7a-00000000010${n}`, destination: 'pat@example.com', attempt: 1 });
    smtp.failNext({ kind: 'reject', code: 451, message: 'Greylisted, try later' });
    expect(await send(1)).toMatchObject({ kind: 'retry', responseStatus: 451, error: expect.stringContaining('SMTP 451') });
    smtp.failNext({ kind: 'reject', code: 550, message: 'Mailbox unavailable' });
    expect(await send(2)).toMatchObject({ kind: 'failed', responseStatus: 550, error: expect.stringContaining('Mailbox unavailable') });
    smtp.failNext({ kind: 'drop' });
    expect(await send(3)).toMatchObject({ kind: 'retry' });
    expect(smtp.messages().length).toBe(before);
    // and the server is fine afterwards
    expect(await send(4)).toMatchObject({ kind: 'sent' });
    expect(smtp.messages().length).toBe(before + 1);
  });

  it('logs in when SMTP_URL carries credentials (as a provider needs)', async () => {
    const url = smtp.url.replace('smtp://', 'smtp://apikey:s%40cret@');
    const mailer = createSmtpMailer({ url, timeoutMs: 10_000 });
    const outcome = await mailer.send({
      from: 'OpenCMA <leads@cma.example.com>',
      to: 'pat@example.com',
      subject: 'Hello',
      text: 'Hi',
      html: '<p>Hi</p>',
      messageId: '<auth-check@cma.example.com>',
    });
    mailer.close();
    expect(outcome).toMatchObject({ kind: 'sent' });
    expect(smtp.messages().some((m) => m.messageId === '<auth-check@cma.example.com>')).toBe(true);
  });
});
