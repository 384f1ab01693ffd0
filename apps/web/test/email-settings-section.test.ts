import { describe, expect, it } from 'vitest';
import { renderEmailSettings } from '../lib/agent/email-settings-section';

describe('the lead e-mail settings form', () => {
  it('shows the address (escaped) and each toggle as it is stored', () => {
    const on = renderEmailSettings({ email: 'pat"<x>@example.com', lead_email_enabled: true, activity_digest_enabled: false }).toString();
    expect(on).toContain('value="pat&quot;&lt;x&gt;@example.com"');
    expect(on).toMatch(/id="lead_email_enabled" name="lead_email_enabled" checked>/);
    expect(on).toMatch(/id="activity_digest_enabled" name="activity_digest_enabled">/);
    const off = renderEmailSettings({ email: null, lead_email_enabled: false, activity_digest_enabled: true }).toString();
    expect(off).toContain('id="notify-email" name="email" type="email" autocomplete="email" maxlength="320" value=""');
    expect(off).toMatch(/id="lead_email_enabled" name="lead_email_enabled">/);
    expect(off).toMatch(/id="activity_digest_enabled" name="activity_digest_enabled" checked>/);
  });
});
