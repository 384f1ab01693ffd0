/** "+12065550123" → "+1*******23": enough to tell messages apart in a log, not enough to call. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const plus = phone.trim().startsWith('+') ? '+' : '';
  const head = plus ? digits.slice(0, 1) : '';
  const tail = digits.slice(-2);
  return `${plus}${head}${'*'.repeat(digits.length - head.length - tail.length)}${tail}`;
}

const PHONE_LIKE = /\+?\d[\d\s().-]{6,}\d/g;

/** Masks every phone-number-like run in free text (an agent's lead text carries the consumer's number). */
export function maskPhonesInText(text: string): string {
  return text.replace(PHONE_LIKE, (m) => (m.replace(/\D/g, '').length >= 7 ? maskPhone(m) : m));
}
