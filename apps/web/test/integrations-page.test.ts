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

// The Follow Up Boss section of the same page (the same session fixture).
const noWebhooks = { endpoints: [], event_types: ['lead.created'], deliveries: {} };
const key = (last4: string) => ({ api_key_last4: last4, updated_at: '2026-12-06T05:00:00Z' });

describe('Follow Up Boss section of /agent/integrations', () => {
  it('shows which key applies by its last 4 characters, with a form for the agent’s own key', () => {
    const doc = renderIntegrationsPage(
      ctx,
      agent('agent'),
      {
        webhooks: noWebhooks,
        fub: { own: null, account: key('ACCT'), applies: 'account' },
      },
      now,
    );
    expect(doc).toContain('sent to Follow Up Boss with your brokerage’s key');
    expect(doc).toContain('…ACCT');
    expect(doc).toContain('data-fub-path="/v1/agent/integrations/fub"');
    expect(doc).toContain('type="password"');
    expect(doc).not.toContain('data-fub-path="/v1/agent/account/integrations/fub"');
    expect(doc).toContain('data-csrf="csrf-token-1"');
    expect(doc).toContain('aria-current="page">Integrations<');
  });

  it('a brokerage admin also gets the account key form; with no key nothing is sent', () => {
    const doc = renderIntegrationsPage(
      ctx,
      agent('account_admin'),
      {
        webhooks: noWebhooks,
        fub: { own: null, account: null, applies: null },
      },
      now,
    );
    expect(doc).toContain('Nothing is sent to Follow Up Boss');
    expect(doc).toContain('data-fub-path="/v1/agent/account/integrations/fub"');
    expect(doc).not.toContain('data-fub-remove');
  });

  it('lists the latest deliveries with their status and reason', () => {
    const doc = renderIntegrationsPage(
      ctx,
      agent('agent'),
      {
        webhooks: noWebhooks,
        fub: {
          own: key('WXYZ'),
          account: null,
          applies: 'own',
          recent: [
            {
              report_id: 'rid1',
              event_type: 'lead.created',
              status: 'failed',
              attempts: 1,
              response_status: 401,
              last_error: 'Follow Up Boss refused the API key (401 Unauthorized): check or replace the key',
              updated_at: '2026-12-06T05:00:00Z',
            },
          ],
        },
      },
      now,
    );
    expect(doc).toContain('<a href="/agent/leads/rid1">New lead (Seller Inquiry)</a> · <strong>failed</strong>');
    expect(doc).toContain('refused the API key (401 Unauthorized)');
  });

  it('escapes what it shows', () => {
    const doc = renderIntegrationsPage(
      ctx,
      agent('agent'),
      {
        webhooks: noWebhooks,
        fub: { own: key('<b>x'), account: null, applies: 'own' },
      },
      now,
    );
    expect(doc).toContain('…&lt;b&gt;x');
    expect(doc).toContain('data-fub-remove');
  });
});
