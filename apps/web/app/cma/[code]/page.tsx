import type { Metadata } from 'next';
import type { CSSProperties } from 'react';
import { notFound } from 'next/navigation';
import { getLandingPage } from '../../../lib/api';
import { brandStyle } from '../../../lib/branding';
import { Avatar } from '../../../components/avatar';
import { TopBar } from '../../../components/top-bar';
import { consentText } from '../../../lib/consent';
import { phone } from '../../../lib/format';
import { LeadForm } from './lead-form';
import { landingFormConfig } from '../../../lib/landing-config';

type Props = { params: Promise<{ code: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { code } = await params;
  const page = await getLandingPage(code);
  if (!page) return { title: 'Page not found', robots: { index: false, follow: false } };
  return {
    title: `${page.agent.headline} | ${page.agent.name}`,
    description: page.agent.subheadline,
  };
}

export default async function LandingPage({ params }: Props) {
  const { code } = await params;
  const page = await getLandingPage(code);
  if (!page) notFound();
  const { agent, account } = page;
  const branded = account.brandingEnabled;
  const style = brandStyle(branded ? account.primaryColor : null, branded ? account.secondaryColor : null);

  return (
    <div style={style as CSSProperties}>
      <TopBar logoUrl={branded ? account.logoUrl : null} name={account.name} fallback={agent.name} />
      <main>
        <section className="hero" aria-labelledby="headline">
          <div className="page hero-inner">
            <div className="intro">
              <div className="agent-chip">
                <Avatar name={agent.name} url={agent.photoUrl} />
                <p className="who">
                  <strong>{agent.name}</strong>
                  {account.name ?? 'Your local real-estate agent'}
                </p>
              </div>
              <h1 id="headline">{agent.headline}</h1>
              <p className="sub">{agent.subheadline}</p>
            </div>
            <div className="card form-card">
              <h2>Get your free home value report</h2>
              <p className="muted small">Takes 30 seconds. We’ll text you a link to your report.</p>
              <LeadForm agentCode={agent.agentCode} ctaText={agent.ctaText} consentText={consentText(agent.name)} {...landingFormConfig()} />
            </div>
            <ul className="benefits" aria-label="What your report includes">
              <li>An estimated value range based on recent nearby sales</li>
              <li>The comparable homes behind the number, with every adjustment explained</li>
              <li>Local market trends: prices, price per square foot, and how they’ve changed</li>
            </ul>
          </div>
        </section>
      </main>
      <footer className="page site-footer">
        <p>
          {[agent.name, account.name].filter(Boolean).join(' · ')}
          {agent.phone ? ` · ${phone(agent.phone)}` : ''}
          {agent.email ? ` · ${agent.email}` : ''}
        </p>
        <p>Estimates are based on recent public sales records. They are not an appraisal.</p>
      </footer>
    </div>
  );
}
