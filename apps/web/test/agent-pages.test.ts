import { describe, expect, it } from 'vitest';
import type { AgentSession, LeadDetail, LeadSummary } from '../lib/agent/api';
import { ago, duration } from '../lib/agent/format';
import { apiQuery, inboxQuery, renderInboxPage } from '../lib/agent/inbox-page';
import { renderLeadPage } from '../lib/agent/lead-page';
import type { PageContext } from '../lib/page/document';

const ctx: PageContext = { nonce: 'bm9uY2U=', assets: { css: '', script: '/landing/agent-ABC.js', icon: '/icon.svg?v=1' } };
const now = new Date('2026-03-04T12:00:00Z');
const session: AgentSession = {
  csrf_token: 'csrf-token-1',
  agent: {
    id: 'u1',
    name: 'Jordan Avery',
    role: 'agent',
    agent_code: 'demo',
    phone: '+12065550142',
    email: null,
    photo_url: null,
    landing_page_url: 'http://localhost:3000/cma/demo',
    account: null,
    brokerage: 'Evergreen Realty Group',
  },
};
const lead: LeadSummary = {
  id: 'abcdefghijklmnopqrstuv',
  report_url: 'http://localhost:3000/r/abcdefghijklmnopqrstuv',
  agent_id: 'u1',
  agent_name: 'Jordan Avery',
  property_address: '<img src=x onerror=alert(1)> 1 Main St',
  consumer_phone: '+12015550123',
  status: 'completed',
  lead_status: 'new',
  created_at: '2026-03-04T11:55:00Z',
  completed_at: '2026-03-04T11:55:02Z',
  estimate: { value: 812_000, low: 770_000, high: 850_000, confidence: 'medium' },
  pdf_status: 'ready',
  needs_personal_valuation: false,
  activity: {
    views: 3,
    sessions: 2,
    last_viewed_at: '2026-03-04T11:58:00Z',
    device_types: ['mobile'],
    pdf_downloads: 1,
    shares: 0,
    contact_taps: 1,
    cma_requested_at: null,
    max_duration_ms: 95_000,
    sections_viewed: ['comps'],
  },
  hot: true,
  likely_to_sell_at: null,
};

describe('agent pages', () => {
  it('renders the inbox with every lead text escaped, the CSRF token for the script and a live list on page 1', () => {
    const doc = renderInboxPage(ctx, session, inboxQuery(new URL('http://x/agent')), { leads: [lead], total: 1, page: 1, page_size: 25 }, now);
    expect(doc).not.toContain('<img src=x');
    expect(doc).toContain('&lt;img src=x onerror=alert(1)&gt; 1 Main St');
    expect(doc).toContain('data-csrf="csrf-token-1"');
    expect(doc).toContain('data-live=""');
    expect(doc).toContain('>Hot<');
    expect(doc).toContain('3 views · 2 visits · last seen 2 min ago · 1 min 35 s on page · PDF 1 · contact taps 1');
    expect(doc).toContain('<meta name="robots" content="noindex, nofollow">');
  });

  it('badges a lead that crossed "likely to sell" in the inbox, and only that one', () => {
    const likely = { ...lead, id: 'likelylikelylikelylike', likely_to_sell_at: '2026-03-05T10:00:00Z' };
    const doc = renderInboxPage(
      ctx,
      session,
      inboxQuery(new URL('http://x/agent')),
      { leads: [lead, likely], total: 2, page: 1, page_size: 25 },
      now,
    );
    expect(doc.match(/data-testid="likely-to-sell"/g)).toHaveLength(1);
    expect(doc).toMatch(/href="\/agent\/leads\/likelylikelylikelylike">.*?Likely to sell/s);
  });

  it('keeps only known filters from the URL', () => {
    const q = inboxQuery(new URL('http://x/agent?q=Main&status=bogus&page=-2&scope=account'));
    expect(q).toEqual({ q: 'Main', status: '', page: 1, scope: 'account' });
    expect(apiQuery(q, { page: '2' })).toBe('q=Main&scope=account&page=2');
  });

  it('renders the lead with call/text links, the consent text escaped and the texts with their errors', () => {
    const detail: LeadDetail = {
      ...lead,
      failure_reason: null,
      failure_code: null,
      consent: {
        text: 'I agree <b>x</b>',
        text_sha256: 'f'.repeat(64),
        at: '2026-03-04T11:55:00Z',
        ip: '203.0.113.9',
        user_agent: 'UA',
        page_url: null,
      },
      lead_status_at: null,
      events: [
        {
          type: 'view',
          at: '2026-03-04T11:56:00Z',
          session_id: 's',
          device_type: 'mobile',
          browser: 'Mobile Safari',
          os: 'iOS',
          referrer: null,
          duration_ms: null,
          detail: null,
        },
      ],
      texts: [
        {
          recipient_role: 'consumer',
          status: 'failed',
          error_code: '30007',
          error_message: 'Carrier filtered',
          created_at: '2026-03-04T11:55:03Z',
          sent_at: null,
        },
        {
          recipient_role: 'agent',
          status: 'digested',
          error_code: null,
          error_message: null,
          created_at: '2026-03-04T11:55:03Z',
          sent_at: null,
          digest: { status: 'delivered', sent_at: '2026-03-04T12:00:31Z' },
        },
      ],
      notes: [],
      updates: [],
      deliveries: [
        {
          id: 'd1',
          event_type: 'report.completed',
          channel: 'email',
          destination: 'pat.lee@example.com',
          status: 'retrying',
          attempts: 2,
          response_status: 451,
          last_error: 'SMTP 451: <greylisted>',
          next_attempt_at: '2026-03-04T12:05:00Z',
          sent_at: null,
          created_at: '2026-03-04T11:55:05Z',
          updated_at: '2026-03-04T11:56:05Z',
        },
      ],
    };
    const doc = renderLeadPage(ctx, session, detail, now);
    expect(doc).not.toContain('Likely to sell');
    expect(renderLeadPage(ctx, session, { ...detail, likely_to_sell_at: '2026-03-05T10:00:00Z' }, now)).toContain('data-testid="likely-to-sell"');
    expect(doc).toMatch(/<h2>Deliveries<\/h2>.*E-mail.*Report ready.*pa…@example\.com.*will retry.*2 attempts · 451.*SMTP 451: &lt;greylisted&gt;/s);
    expect(doc).not.toContain('pat.lee@example.com');
    expect(doc).toContain('href="tel:+12015550123"');
    expect(doc).toContain('href="sms:+12015550123"');
    expect(doc).toContain('I agree &lt;b&gt;x&lt;/b&gt;');
    expect(doc).toContain('30007 — Carrier filtered');
    // A lead alert past the hourly cap: covered by the hour's digest text, with its delivery status.
    expect(doc).toMatch(/Lead alert to you.*digested.*in an hourly digest text: delivered/s);
    expect(doc).toMatch(/Opened the report.*mobile · Mobile Safari · iOS/s);
    // the agent opens the report marked, so their looks are not recorded as the homeowner's
    expect(doc).toContain('href="http://localhost:3000/r/abcdefghijklmnopqrstuv?via=agent"');
    expect(doc).not.toContain('class="attention"');
    expect(doc).not.toContain('compliance-warning');
  });

  it("puts each value update's delivery, the homeowner's first open and click in the timeline, in time order (decision 0036)", () => {
    const update = {
      channel: 'email' as const,
      email: 'pat@example.com',
      open_count: 0,
      machine_opened_at: null,
      machine_open_count: 0,
      clicked_at: null,
      click_count: 0,
      machine_click_count: 0,
      opened_at: null,
    };
    const detail: LeadDetail = {
      ...lead,
      failure_reason: null,
      failure_code: null,
      consent: { text: 'ok', text_sha256: 'f'.repeat(64), at: '2026-03-04T11:55:00Z', ip: null, user_agent: null, page_url: null },
      lead_status_at: null,
      events: [
        {
          type: 'view',
          at: '2026-05-01T16:00:00Z',
          session_id: 's',
          device_type: null,
          browser: null,
          os: null,
          referrer: null,
          duration_ms: null,
          detail: null,
        },
      ],
      texts: [],
      notes: [],
      deliveries: [],
      updates: [
        {
          ...update,
          id: 'u1',
          period: '2026-04',
          status: 'sent',
          created_at: '2026-04-01T14:00:00Z',
          sent_at: '2026-04-01T14:00:05Z',
          opened_at: '2026-04-02T08:00:00Z',
          open_count: 3,
          machine_opened_at: '2026-04-01T14:00:07Z',
          machine_open_count: 1,
        },
        {
          ...update,
          id: 'u2',
          period: '2026-05',
          status: 'sent',
          created_at: '2026-05-01T14:00:00Z',
          sent_at: '2026-05-01T14:00:04Z',
          opened_at: '2026-05-01T15:59:00Z',
          open_count: 1,
          clicked_at: '2026-05-01T15:59:30Z',
          click_count: 1,
        },
        { ...update, id: 'u3', period: '2026-06', status: 'failed', created_at: '2026-06-01T14:00:00Z', sent_at: null },
      ],
    };
    const doc = renderLeadPage(ctx, session, detail, now);
    const timeline = /<ol class="timeline".*?<\/ol>/s.exec(doc)![0];
    // every line but the request itself: a new open or click changes it, so the page's refresh picks it up
    expect(timeline).toContain('data-count="7"');
    expect(timeline).toMatch(
      /Asked for a home value report.*April 2026 value update sent to <span class="break">pat@example.com<\/span><\/span><span class="muted small">1 machine open\/click \(mail privacy proxy or link scanner\), not counted.*Opened the April 2026 value update \(3 times\).*May 2026 value update sent.*Opened the May 2026 value update<.*Clicked through from the May 2026 value update<.*Opened the report.*June 2026 value update to <span class="break">pat@example.com<\/span> could not be sent/s,
    );
    expect(doc).toContain('Value updates: 2 sent · 2 opened · 1 clicked through');
  });

  it('says on the lead what the agent must do: a personal valuation, a failure in plain words, an exact price asked for', () => {
    const failed: LeadDetail = {
      ...lead,
      status: 'failed',
      estimate: null,
      deliveries: [],
      needs_personal_valuation: true,
      activity: { ...lead.activity, cma_requested_at: '2026-03-04T11:59:00Z' },
      failure_reason: 'We could not find this address in the MLS records…',
      failure_code: 'address_not_found',
      consent: { text: 'ok', text_sha256: 'f'.repeat(64), at: '2026-03-04T11:55:00Z', ip: null, user_agent: null, page_url: null },
      lead_status_at: null,
      events: [],
      texts: [],
      notes: [],
      updates: [],
    };
    const doc = renderLeadPage(ctx, session, failed, now);
    expect(doc).toContain(
      '<div class="attention" role="note"><p>Needs a personal valuation: the address could not be located in the MLS, so there is no instant estimate.</p><p>Asked you for an exact price',
    );
    expect(renderLeadPage(ctx, session, { ...failed, failure_code: 'mls_unavailable', needs_personal_valuation: false }, now)).toContain(
      'The MLS could not be reached (or refused the request), so there is no report: please follow up directly.',
    );
    const inbox = renderInboxPage(ctx, session, inboxQuery(new URL('http://x/agent')), { leads: [failed], total: 1, page: 1, page_size: 25 }, now);
    expect(inbox).toContain(
      '<span class="badge badge-attention">Needs a personal valuation</span><span class="badge badge-attention">Asked for an exact price</span>',
    );
  });

  it('warns loudly on every workspace page while the agent has no brokerage name', () => {
    const bare = { ...session, agent: { ...session.agent, brokerage: null } };
    const doc = renderInboxPage(ctx, bare, inboxQuery(new URL('http://x/agent')), { leads: [], total: 0, page: 1, page_size: 25 }, now);
    expect(doc).toContain('<p class="compliance-warning" role="alert">Your page is live without a brokerage name.');
  });

  it('formats times and durations', () => {
    expect(ago('2026-03-04T11:59:50Z', now)).toBe('just now');
    expect(ago('2026-03-02T12:00:00Z', now)).toBe('2 days ago');
    expect(duration(95_000)).toBe('1 min 35 s');
    expect(duration(null)).toBe('—');
  });
});
