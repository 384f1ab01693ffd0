/**
 * Client-side phone check (the API validates for real): a North American number, 10 digits, or 11
 * starting with 1, allowing spaces, dashes, dots, parentheses and a leading +.
 */
export function phoneProblem(raw: string): string | null {
  const v = raw.trim();
  if (!v) return 'Enter your mobile phone number.';
  if (/[^\d\s().+-]/.test(v)) return 'Use digits only, for example (206) 555-0123.';
  const digits = v.replace(/\D/g, '');
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  if (national.length !== 10) return 'Enter a 10-digit US or Canadian mobile number.';
  if (/^[01]/.test(national) || /^\d{3}[01]/.test(national)) return 'That doesn’t look like a valid phone number.';
  return null;
}
