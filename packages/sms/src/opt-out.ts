/**
 * What an inbound reply asks for. Consent may be revoked "by any reasonable means" (FCC, 47 CFR
 * 64.1200(a)(10)), so an opt-out is not only an exact keyword: Twilio's opt-out words anywhere in a
 * short reply ("Stop!", "stop texting me", "please stop", "unsubscribe me") count, and so do
 * unmistakable phrases in a longer one ("… please do not text me again"). Opting back in needs the
 * whole reply to be an opt-in word (START, UNSTOP, YES): a reply that says both stays opted out. Pure.
 */
export type ReplyIntent = 'opt_out' | 'opt_in' | null;

/** Twilio's default opt-out keywords (Advanced Opt-Out) and the FCC's examples. */
const OPT_OUT_WORDS = new Set(['stop', 'stopall', 'unsubscribe', 'cancel', 'end', 'quit', 'optout', 'revoke']);
const OPT_IN_WORDS = new Set(['start', 'unstop', 'yes', 'optin']);
/** A reply of at most this many words is "short": any opt-out word in it opts out. */
const SHORT_REPLY_WORDS = 8;
/** Phrases that opt out in a reply of any length. */
const OPT_OUT_PHRASES: RegExp[] = [
  /\bunsubscribe\b/,
  /\bopt(?:\s|-)?out\b/,
  /\bstop\s*all\b/,
  /\bstop\s+(?:texting|messaging|sending|contacting|txting|texts?|messages?)\b/,
  /\b(?:do\s+not|don'?t|dont|never)\s+(?:text|message|contact|txt)\b/,
  /\bremove\s+(?:me|my\s+(?:number|phone))\b/,
  /\btake\s+me\s+off\b/,
  /\bno\s+more\s+(?:texts|messages|txts)\b/,
];

function normalise(body: string): { text: string; words: string[] } {
  const text = body
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/[^\p{L}\p{N}'\s-]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const words = text
    .split(' ')
    .map((w) => w.replace(/^[-']+|[-']+$/g, ''))
    .filter(Boolean);
  return { text, words };
}

export function classifyReply(body: string): ReplyIntent {
  const { text, words } = normalise(body);
  if (!words.length) return null;
  if (OPT_OUT_PHRASES.some((re) => re.test(text))) return 'opt_out';
  if (words.length <= SHORT_REPLY_WORDS && words.some((w) => OPT_OUT_WORDS.has(w))) return 'opt_out';
  if (words.length === 1 && OPT_IN_WORDS.has(words[0] ?? '')) return 'opt_in';
  return null;
}
