import { randomInt } from 'node:crypto';

/** Lower-case letters and digits without look-alikes (0/o, 1/l/i). */
export const AGENT_CODE_ALPHABET = '23456789abcdefghjkmnpqrstuvwxyz';
export const AGENT_CODE_LENGTH = 7;

/** A short, URL-safe, random agent code, e.g. "k7m2xqp". */
export function generateAgentCode(length = AGENT_CODE_LENGTH): string {
  let code = '';
  for (let i = 0; i < length; i++) code += AGENT_CODE_ALPHABET[randomInt(AGENT_CODE_ALPHABET.length)];
  return code;
}

/** What an agent code in a URL may look like (generated ones and hand-picked ones such as "demo"). */
export const AGENT_CODE_PATTERN = /^[a-z0-9][a-z0-9-]{1,31}$/i;
