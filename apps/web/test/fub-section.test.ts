import { describe, expect, it } from 'vitest';
import type { AgentSession } from '../lib/agent/api';
import { renderIntegrationsPage } from '../lib/agent/integrations-page';
import type { PageContext } from '../lib/page/document';

const ctx: PageContext = { nonce: 'bm9uY2U=', assets: { css: '', script: '/landing/agent-ABC.js', icon: '/icon.svg?v=1' } };
const session = (role: 'agent' | 'account_admin'): AgentSession => ({
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
    account: null,
    brokerage: 'Avery Realty',
  },
});
const noWebhooks = { endpoints: [], event_types: ['lead.created'], deliveries: {} };
const now = new Date('2026-12-06T06:00:00Z');
const key = (last4: string) => ({ api_key_last4: last4, updated_at: '2026-12-06T05:00:00Z' });

describe('Follow Up Boss section of /agent/integrations', () => {
  it('shows which key applies by its last 4 characters, with a form for the agent’s own key', () => {
    const doc = renderIntegrationsPage(
      ctx,
      session('agent'),
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
      session('account_admin'),
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
      session('agent'),
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
      session('agent'),
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
