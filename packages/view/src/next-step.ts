/** The homeowner's next step beside the estimate: text and e-mail links that already name the home. */
import { mailHref, phoneHref } from './contact';

/** What the homeowner sends the agent when they ask for an exact price. */
export function exactPriceMessage(agentName: string, address: string): string {
  const first = agentName.trim().split(/\s+/)[0] || agentName;
  return `Hi ${first}, I just saw the home value report for ${address}. Could you give me an exact price?`;
}

/** sms: and mailto: links with the message prefilled; null when the agent has no such contact. */
export function prefilledContact(agent: { name: string; phone: string | null; email: string | null }, address: string) {
  const message = exactPriceMessage(agent.name, address);
  const sms = phoneHref('sms', agent.phone);
  const mail = mailHref(agent.email);
  return {
    // "?&body=" is read by both iOS and Android messaging apps
    text: sms && `${sms}?&body=${encodeURIComponent(message)}`,
    email: mail && `${mail}?subject=${encodeURIComponent(`Home value: ${address}`)}&body=${encodeURIComponent(message)}`,
  };
}
