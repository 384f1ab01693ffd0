import type { ReportAgent } from '@opencma/core';
import { mailHref, phoneHref } from '../../lib/branding';
import { phone } from '../../lib/format';
import { Avatar } from '../avatar';

/** The agent's contact card: the only phone number a report ever shows. */
export function AgentCard({ agent, intro }: { agent: ReportAgent; intro?: string }) {
  const tel = phoneHref('tel', agent.phone);
  const sms = phoneHref('sms', agent.phone);
  const mail = mailHref(agent.email);
  return (
    <section className="card section agent-card" aria-labelledby="agent-h" data-section="agent">
      <div>
        <h2 id="agent-h">Your agent</h2>
        {intro && <p className="muted small">{intro}</p>}
      </div>
      <div className="agent-row">
        <Avatar name={agent.name} url={agent.photoUrl} size={72} />
        <div className="agent-text">
          <strong>{agent.name}</strong>
          {agent.brokerage && <div className="muted small">{agent.brokerage}</div>}
          {agent.phone && <div className="small">{phone(agent.phone)}</div>}
          {mail && agent.email && <div className="small">{agent.email}</div>}
        </div>
      </div>
      {(tel || mail) && (
        <div className="contact">
          {tel && (
            <a className="btn" href={tel} aria-label={`Call ${agent.name}`} data-track="contact_tap" data-channel="call">
              Call
            </a>
          )}
          {sms && (
            <a className="btn" href={sms} aria-label={`Text ${agent.name}`} data-track="contact_tap" data-channel="text">
              Text
            </a>
          )}
          {mail && (
            <a className="btn" href={mail} aria-label={`Email ${agent.name}`} data-track="contact_tap" data-channel="email">
              Email
            </a>
          )}
        </div>
      )}
    </section>
  );
}
