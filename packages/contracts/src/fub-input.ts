import { z } from 'zod';

/**
 * A Follow Up Boss API key as an agent or admin enters it (agent workspace, admin API, `npm run agents`).
 * Printable ASCII without spaces; the error never repeats the value.
 */
export const fubApiKeyInput = z.strictObject({
  api_key: z
    .string({ error: 'Enter the Follow Up Boss API key.' })
    .trim()
    .min(8, 'A Follow Up Boss API key is longer than that (Admin → API in Follow Up Boss).')
    .max(200, 'That is too long for a Follow Up Boss API key.')
    .regex(/^[\x21-\x7e]+$/, 'A Follow Up Boss API key has no spaces or special characters.'),
});
