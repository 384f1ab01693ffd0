import { describe, expect, it } from 'vitest';
import type { AgentSession } from '../lib/agent/api';
import { renderIntegrationsPage } from '../lib/agent/integrations-page';
import type { WebhooksSectionData } from '../lib/agent/integrations/webhooks-section';
import type { PageContext } from '../lib/page/document';

const ctx: PageContext = { nonce: 'bm9uY2U=', assets: { css: '', script: '/landing/agent-ABC.js', icon: '/icon.svg?v=1' } };
const now = new Date('2026-03-04T12:00:00Z');
const agent = (role: 'agent' | 'account_admin'): AgentSession => ({
  csrf_token: 'csrf-token-1',
  agent: {
    id: 'u1',
    name: 'Jordan Avery',
    role,
    agent_code: 'demo',
    phone: '+12065550142',
    email: null,
    photo_url: null,
    landing_page_url: 'http://localhost:3000/cma/demo',
    account: role === 'account_admin' ? { id: 'a1', name: 'Evergreen <Realty>' } : null,
    brokerage: 'Avery Realty',
  },
});
const data: WebhooksSectionData = {
  event_types: ['lead.created', 'report.completed'],
  endpoints: [
    {
      id: 'ep1',
      owner: 'agent',
      url: 'https://hooks.example.com/in?a=1&b="><script>alert(1)</script>',
      event_types: ['lead.created'],
      enabled: true,
      description: '<b>CRM</b>',
      created_at: '2026-03-04T11:00:00Z',
    },
    {
      id: 'ep2',
      owner: 'account',
      url: 'https://crm.example.org/x',
      event_types: ['report.completed'],
      enabled: false,
      description: null,
      created_at: '2026-03-04T11:00:00Z',
    },
  ],
  deliveries: {
    ep1: [
      {
        id: 'd1',
        report_id: 'r1',
        event_type: 'lead.created',
        status: 'retrying',
        attempts: 2,
        response_status: 503,
        last_error: 'HTTP 503 <oops>',
        next_attempt_at: '2026-03-04T12:05:00Z',
        sent_at: null,
        created_at: '2026-03-04T11:58:00Z',
      },
      {
        id: 'd2',
        report_id: 'r2',
        event_type: 'lead.created',
        status: 'sent',
        attempts: 1,
        response_status: 200,
        last_error: null,
        next_attempt_at: null,
        sent_at: '2026-03-04T11:00:00Z',
        created_at: '2026-03-04T11:00:00Z',
      },
    ],
  },
};

const noFub = { own: null, account: null, applies: null };

describe('/agent/integrations', () => {
  it('lists endpoints with their recent deliveries, every agent-entered text escaped', () => {
    const doc = renderIntegrationsPage(ctx, agent('agent'), { webhooks: data, fub: noFub }, now);
    expect(doc).not.toContain('<script>alert(1)');
    expect(doc).not.toContain('<b>CRM</b>');
    expect(doc).toContain('&lt;b&gt;CRM&lt;/b&gt;');
    expect(doc).toContain('data-page="integrations"');
    expect(doc).toContain('data-csrf="csrf-token-1"');
    expect(doc).toContain('aria-current="page">Integrations<');
    expect(doc).toContain('data-endpoint="ep1"');
    expect(doc).toContain('HTTP 503 · HTTP 503 &lt;oops&gt;');
    expect(doc).toContain('next try in 5 min');
    expect(doc).toContain('2 attempts');
    expect(doc).toContain('>brokerage<');
    expect(doc).toContain('data-webhook-action="enable"');
    expect(doc).not.toContain('whsec_');
    // only a brokerage admin may add a brokerage-wide endpoint
    expect(doc).not.toContain('id="webhook_owner"');
  });

  it('offers a brokerage admin the brokerage as owner', () => {
    const doc = renderIntegrationsPage(ctx, agent('account_admin'), { webhooks: { ...data, endpoints: [], deliveries: {} }, fub: noFub }, now);
    expect(doc).toContain('id="webhook_owner"');
    expect(doc).toContain('Every lead of Evergreen &lt;Realty&gt;');
    expect(doc).toContain('No endpoints yet.');
  });
});
