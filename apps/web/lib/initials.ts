/** "Jordan Avery" → "JA": the first letter of the first two words, for an avatar without a photo. */
export function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => /\p{L}/u.exec(w)?.[0]?.toUpperCase() ?? '')
    .join('');
}
