import { brokerageOf } from '@opencma/db';
import type { AgentIdentity } from './identity';

/** What the signed-in agent's pages show about themselves. */
export function agentProfile(identity: AgentIdentity, publicBaseUrl: string) {
  const { user, account } = identity;
  return {
    id: user.id,
    name: user.name,
    role: user.role,
    agent_code: user.agent_code,
    phone: user.phone,
    email: user.email,
    photo_url: user.photo_url,
    landing_page_url: `${publicBaseUrl}/cma/${user.agent_code}`,
    account: account ? { id: account.id, name: account.name } : null,
    /** The brokerage their page, reports and texts name; null: none set (the workspace warns, decision 0026). */
    brokerage: brokerageOf({ agent: user, account }),
  };
}
