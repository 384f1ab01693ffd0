import { describe, expect, it } from 'vitest';
import { createOutboxSender, maskPhone, maskPhonesInText, SmsError } from '../src/index';

describe('outbox sender', () => {
  it('returns an outbox id and status sent, and logs without the phone number', async () => {
    const lines: { obj: Record<string, unknown>; msg?: string }[] = [];
    const sender = createOutboxSender({ logger: { info: (obj, msg) => lines.push({ obj, msg }) } });
    expect(sender.provider).toBe('outbox');
    const a = await sender.send({ to: '+12065550123', body: 'New CMA lead: +1 (425) 555-0188 for 123 Main St' });
    const b = await sender.send({ to: '+12065550123', body: 'x' });
    expect(a.providerMessageId).toMatch(/^outbox_[0-9a-f]{24}$/);
    expect(a.providerMessageId).not.toBe(b.providerMessageId);
    expect(a.status).toBe('sent');
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain('2065550123');
    expect(logged).not.toContain('555-0188');
    expect(logged).not.toContain('4255550188');
    expect(lines[0]!.obj.to).toBe('+1********23');
    expect(String(lines[0]!.obj.body)).toContain('123 Main St');
  });

  it('rejects an empty message as permanent', async () => {
    const sender = createOutboxSender();
    await expect(sender.send({ to: '', body: 'x' })).rejects.toBeInstanceOf(SmsError);
    await expect(sender.send({ to: '+12065550123', body: '' })).rejects.toMatchObject({ permanent: true });
  });

  it('masks phones', () => {
    expect(maskPhone('+12065550123')).toBe('+1********23');
    expect(maskPhonesInText('call 206-555-0123 or 12 cats')).toBe('call ********23 or 12 cats');
  });
});
