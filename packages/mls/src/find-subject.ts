import type { Subject } from '@opencma/core';
import { addressMatchScore, houseNumberOf, streetPartOf } from './address-match';
import type { SimplyRetsClient } from './client/simplyrets-client';
import { LISTING_STATUSES, type Listing } from './listing-schema';
import { listingToSubject } from './normalise';

export interface SubjectLookup {
  /** Free-text address, e.g. "12211 SE 65th St, Bellevue, WA 98006". */
  address: string;
  postalCode?: string | null;
  /** When known (e.g. picked from autocomplete), tried first. */
  mlsId?: string | number | null;
}

/** Minimum share of the street's words that must match for a listing to count as the home. */
const MIN_SCORE = 0.6;

/** Newest information first: latest modification, then latest close. */
function recency(l: Listing): string {
  return l.modified ?? l.sales?.closeDate ?? l.listDate ?? '';
}

/** Best listing for the address among candidates; null when none is convincingly the same house. */
export function pickBestMatch(address: string, candidates: readonly Listing[], postalCode?: string | null): Listing | null {
  let best: { listing: Listing; score: number } | null = null;
  for (const listing of candidates) {
    let score = addressMatchScore(address, listing);
    if (score < MIN_SCORE) continue;
    if (postalCode && listing.address?.postalCode && listing.address.postalCode !== postalCode) score -= 0.5;
    if (score < MIN_SCORE) continue;
    if (!best || score > best.score || (score === best.score && recency(listing) > recency(best.listing))) {
      best = { listing, score };
    }
  }
  return best?.listing ?? null;
}

/**
 * Finds the consumer's home in the MLS (any status) and normalises it; null when not found.
 * Searches `q` = street line (+ postalCodes), then `q` = house number only as a fallback for
 * spelling differences ("Street" vs "St" on feeds that do not normalise).
 */
export async function findSubjectByAddress(client: SimplyRetsClient, lookup: SubjectLookup): Promise<Subject | null> {
  if (lookup.mlsId !== undefined && lookup.mlsId !== null && String(lookup.mlsId).trim() !== '') {
    const listing = await client.getListing(lookup.mlsId);
    const subject = listing ? listingToSubject(listing) : null;
    if (subject) return subject;
  }
  const street = streetPartOf(lookup.address);
  if (!street) return null;
  const postalCodes = lookup.postalCode ? [lookup.postalCode] : undefined;
  const base = { status: [...LISTING_STATUSES], postalCodes, limit: 100 };
  const attempts = [street, houseNumberOf(lookup.address)].filter((q): q is string => !!q);
  for (const q of new Set(attempts)) {
    const { listings } = await client.search({ ...base, q });
    const best = pickBestMatch(lookup.address, listings, lookup.postalCode);
    const subject = best ? listingToSubject(best) : null;
    if (subject) return subject;
  }
  return null;
}
