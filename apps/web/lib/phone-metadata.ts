/**
 * Server side: libphonenumber-js's "min" metadata cut down to the allowed countries (plus the main
 * country of each of their calling codes, whose formats they share), about 0.7 kB gzip for US + CA
 * instead of 19 kB. The landing page passes it to its form script, which uses libphonenumber-js/core
 * with it.
 */
import full from 'libphonenumber-js/metadata.min.json';
import type { MetadataJson } from 'libphonenumber-js/core';

export function phoneMetadataFor(allowed: string[]): MetadataJson {
  const meta = full as unknown as {
    version: number;
    country_calling_codes: Record<string, string[]>;
    countries: Record<string, unknown>;
  };
  const keep = new Set<string>();
  const codes: Record<string, string[]> = {};
  for (const [code, countries] of Object.entries(meta.country_calling_codes)) {
    const wanted = countries.filter((c) => allowed.includes(c));
    if (!wanted.length) continue;
    const list = countries.filter((c, i) => i === 0 || allowed.includes(c));
    codes[code] = list;
    for (const c of list) keep.add(c);
  }
  const countries = Object.fromEntries([...keep].filter((c) => meta.countries[c]).map((c) => [c, meta.countries[c]]));
  return { version: meta.version, country_calling_codes: codes, countries, nonGeographic: {} } as unknown as MetadataJson;
}
