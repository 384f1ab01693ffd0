/** Real King County addresses (rows of the bundled sales that have a street) and valid US test phones. */
import fs from 'node:fs';
import { DEFAULT_DATA_FILE } from '@opencma/mls';
import { CURRENT_CONSENT_VERSION } from '@opencma/core';

export interface BenchAddress {
  /** One line, as the landing page's autocomplete fills it in: "1156 N 93rd St, Seattle, WA 98103". */
  address: string;
  postalCode: string;
}

/** Distinct street addresses of the bundled sales, in file order. */
export function kingCountyAddresses(file: string = DEFAULT_DATA_FILE): BenchAddress[] {
  const [header, ...lines] = fs.readFileSync(file, 'utf8').trim().split(/\r?\n/);
  const cols = header!.split(',');
  const at = (name: string) => {
    const i = cols.indexOf(name);
    if (i < 0) throw new Error(`${file}: no ${name} column`);
    return i;
  };
  const [street, city, state, zip] = [at('street'), at('city'), at('state'), at('zip')];
  const seen = new Set<string>();
  const out: BenchAddress[] = [];
  for (const line of lines) {
    const cells = line.split(',');
    const s = cells[street]?.trim();
    const z = cells[zip]?.trim();
    if (!s || !z) continue;
    const address = `${s}, ${cells[city]?.trim() || 'Seattle'}, ${cells[state]?.trim() || 'WA'} ${z}`;
    if (seen.has(address)) continue;
    seen.add(address);
    out.push({ address, postalCode: z });
  }
  return out;
}

/**
 * The i-th of 10 000 distinct numbers +1 201 555 XXXX (a New Jersey area code; 555 exchange numbers
 * are accepted by libphonenumber as valid US numbers), so submissions never look like repeats.
 */
export function benchPhone(i: number): string {
  return `+1201555${String(i % 10_000).padStart(4, '0')}`;
}

/** The i-th benchmark submission to the demo agent: a distinct phone and one of the real addresses. */
export function benchSubmission(i: number, addresses: readonly BenchAddress[]) {
  const a = addresses[i % addresses.length]!;
  return {
    agent_code: 'demo',
    phone: benchPhone(i),
    address: a.address,
    place: { postalCode: a.postalCode },
    consent: true,
    consent_version: CURRENT_CONSENT_VERSION,
  };
}
