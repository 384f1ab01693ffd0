/**
 * Address text normalisation shared by the local server's `q` search and the client-side best-match
 * ranking: lower case, punctuation removed, common USPS suffixes and directionals abbreviated, so
 * "12211 Southeast 65th Street" and "12211 SE 65th St" compare equal.
 */
const ABBREVIATIONS: Record<string, string> = {
  north: 'n',
  south: 's',
  east: 'e',
  west: 'w',
  northeast: 'ne',
  northwest: 'nw',
  southeast: 'se',
  southwest: 'sw',
  street: 'st',
  avenue: 'ave',
  av: 'ave',
  road: 'rd',
  drive: 'dr',
  place: 'pl',
  court: 'ct',
  lane: 'ln',
  boulevard: 'blvd',
  way: 'way',
  terrace: 'ter',
  circle: 'cir',
  parkway: 'pkwy',
  highway: 'hwy',
  square: 'sq',
  trail: 'trl',
  loop: 'lp',
  point: 'pt',
  apartment: 'apt',
  suite: 'ste',
  unit: 'unit',
  washington: 'wa',
};

export function addressTokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[.,#/]/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => ABBREVIATIONS[t] ?? t);
}

export function normaliseAddress(text: string): string {
  return addressTokens(text).join(' ');
}
