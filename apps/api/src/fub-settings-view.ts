import type { FubConnectionSummary, FubSettings } from '@opencma/db';
import { z } from 'zod';

/** A stored key as any API shows it: the last 4 characters, never the key. */
export const fubKeyView = z
  .object({ api_key_last4: z.string(), updated_at: z.string() })
  .nullable()
  .describe('A Follow Up Boss API key as shown: only its last 4 characters');

export const fubSettingsView = z
  .object({
    own: fubKeyView.describe("The agent's own key"),
    account: fubKeyView.describe("The account's (brokerage's) key, used for agents without their own"),
    applies: z.enum(['own', 'account']).nullable().describe('Which key the agent’s leads are sent with; null: not sent to Follow Up Boss'),
  })
  .describe('Follow Up Boss settings of an agent');

export const keyOut = (k: FubConnectionSummary | null) => (k ? { api_key_last4: k.api_key_last4, updated_at: k.updated_at.toISOString() } : null);
export const settingsOut = (s: FubSettings) => ({ own: keyOut(s.own), account: keyOut(s.account), applies: s.applies });
