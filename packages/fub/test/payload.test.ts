import { describe, expect, it } from 'vitest';
import { buildFubEvent } from '../src/payload';
import { leadContext } from './fixtures';

describe('buildFubEvent', () => {
  it('a new lead is a Seller Inquiry with the phone, the address, the estimate and the report link', () => {
    const body = buildFubEvent(leadContext('lead.created'), { system: 'OpenCMA-test', deliveryId: 'd1' })!;
    expect(body).toMatchObject({
      source: 'OpenCMA',
      system: 'OpenCMA-test',
      type: 'Seller Inquiry',
      occurredAt: '2026-12-06T05:00:00.000Z',
      person: {
        phones: [{ value: '+12065550123', type: 'mobile' }],
        addresses: [{ type: 'home', street: '1156 N 93rd St', city: 'Seattle', state: 'WA', code: '98103' }],
      },
      property: { street: '1156 N 93rd St', city: 'Seattle', state: 'WA', code: '98103', price: 812345, url: 'https://cma.example.com/r/abc123' },
    });
    expect(body.message).toContain('1156 N 93rd St, Seattle, WA 98103');
    expect(body.message).toContain('$812,345 (range $760,000–$865,000)');
    expect(body.message).toContain('https://cma.example.com/r/abc123');
    expect(body.description).toContain('OpenCMA delivery d1');
  });

  it('a lead without an estimate says so and sends no price', () => {
    const body = buildFubEvent(leadContext('lead.created', { estimate: null }), { system: 's', deliveryId: 'd' })!;
    expect(body.property).not.toHaveProperty('price');
    expect(body.message).toContain('Estimate: not available yet');
  });

  it('a report view is a Viewed Page event with the report as the page', () => {
    const body = buildFubEvent(leadContext('report.viewed'), { system: 's', deliveryId: 'd' })!;
    expect(body).toMatchObject({
      type: 'Viewed Page',
      pageUrl: 'https://cma.example.com/r/abc123',
      pageTitle: 'Home value report: 1156 N 93rd St, Seattle, WA 98103',
      person: { phones: [{ value: '+12065550123', type: 'mobile' }] },
    });
    expect(body).not.toHaveProperty('property');
  });

  it('a lead crossing "likely to sell" is a General Inquiry on the existing person, with the reasons', () => {
    const ctx = leadContext('lead.likely_to_sell');
    ctx.event.data = { score: 5, reasons: ['came back on 3 other days', 'worked out what a sale would leave them'] };
    const body = buildFubEvent(ctx, { system: 's', deliveryId: 'd9' })!;
    expect(body).toMatchObject({ type: 'General Inquiry', person: { phones: [{ value: '+12065550123', type: 'mobile' }] } });
    expect(body.message).toContain('The homeowner came back on 3 other days, worked out what a sale would leave them.');
    expect(body.description).toContain('OpenCMA delivery d9');
    expect(body).not.toHaveProperty('property');
  });

  it.each(['lead.status_changed', 'report.completed', 'report.failed', 'cma.requested'] as const)('%s is not sent', (type) => {
    expect(buildFubEvent(leadContext(type), { system: 's', deliveryId: 'd' })).toBeNull();
  });
});
