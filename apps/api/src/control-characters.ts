/**
 * Control characters in text input: NUL cannot be stored in PostgreSQL text (it was a 500), and the
 * others (escape sequences, DEL, C1 codes) have no place in a name, an address or a code. Tab, line
 * feed and carriage return stay allowed (an inbound text message may have lines).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

export const CONTROL_CHARACTER_PROBLEM = 'Remove the control characters (such as NUL) from this field.';

/**
 * The fields of a parsed body, query or params object whose strings hold control characters, by
 * their path as validation errors name them ("address", "facts.bedrooms", "items.0.name").
 */
export function controlCharacterFields(value: unknown, path = '', found: Record<string, string> = {}): Record<string, string> {
  if (typeof value === 'string') {
    if (CONTROL.test(value)) found[path || 'body'] = CONTROL_CHARACTER_PROBLEM;
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      controlCharacterFields(item, path ? `${path}.${i}` : String(i), found);
    });
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) controlCharacterFields(item, path ? `${path}.${key}` : key, found);
  }
  return found;
}
