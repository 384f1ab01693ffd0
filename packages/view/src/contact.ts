/** The agent's phone number and e-mail address as shown and as links; the only contact details a report shows. */

/** "+12065550142" → "(206) 555-0142" for North American numbers; other formats shown as given. */
export function phone(p: string): string {
  const m = /^\+?1?[\s.-]*\(?(\d{3})\)?[\s.-]*(\d{3})[\s.-]*(\d{4})$/.exec(p.trim());
  return m ? `(${m[1]}) ${m[2]}-${m[3]}` : p;
}

/** tel:/sms: target from a display phone number: digits and a leading + only. */
export function phoneHref(scheme: 'tel' | 'sms', phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '');
  if (digits.replace('+', '').length < 7) return null;
  return `${scheme}:${digits}`;
}

/** mailto: target for a plausible e-mail address, else null. */
export function mailHref(email: string | null | undefined): string | null {
  if (!email) return null;
  const v = email.trim();
  return /^[^\s@<>"'(),;:?&#]+@[^\s@<>"'(),;:?&#/]+\.[^\s@<>"'(),;:?&#/]+$/.test(v) ? `mailto:${v}` : null;
}
