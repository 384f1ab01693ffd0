import { brokerageOf, type AgentWithAccount } from '@opencma/db';

const HEX_COLOR = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** Only https images (or same-site paths for bundled demo assets) are shown. */
export function safeImageUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  try {
    return new URL(url).protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

export const safeColor = (c: string | null | undefined): string | null => (c && HEX_COLOR.test(c) ? c : null);

const orDefault = (value: string | null | undefined, fallback: string) => (value?.trim() ? value.trim() : fallback);

/** The public landing-page view of an agent: defaults for empty fields, branding only when enabled. */
export function landingPageFor({ agent, account }: AgentWithAccount) {
  const branded = Boolean(account?.branding_enabled);
  return {
    agent: {
      name: agent.name,
      photoUrl: safeImageUrl(agent.photo_url),
      agentCode: agent.agent_code,
      headline: orDefault(agent.landing_page_headline, 'What is your home worth?'),
      subheadline: orDefault(
        agent.landing_page_subheadline,
        `Get a free home value report from ${agent.name}, based on recent sales of similar homes near you.`,
      ),
      ctaText: orDefault(agent.landing_page_cta_text, 'Get my home value'),
      phone: agent.phone,
      email: agent.email,
    },
    account: {
      name: brokerageOf({ agent, account }),
      logoUrl: branded ? safeImageUrl(account?.logo_url) : null,
      primaryColor: branded ? safeColor(account?.primary_color) : null,
      secondaryColor: branded ? safeColor(account?.secondary_color) : null,
      brandingEnabled: branded,
    },
    /** What US advertising rules expect on an agent's marketing (decision 0026). */
    compliance: {
      licenseNumber: agent.license_number?.trim() || null,
      brokerageLicenseNumber: account?.license_number?.trim() || null,
      equalHousingOpportunity: account?.equal_housing_opportunity ?? true,
    },
  };
}
