import type { Config } from '@opencma/config';
import type { AddressSuggestion } from '../deps';

/**
 * Google Places API (New): autocomplete and place details over HTTP with the server's key, so the
 * browser loads no Google script and the key never reaches it. Base URL configurable (tests).
 */
interface AutocompleteResponse {
  suggestions?: Array<{
    placePrediction?: {
      placeId: string;
      text?: { text: string };
      structuredFormat?: { mainText?: { text: string }; secondaryText?: { text: string } };
    };
  }>;
}

interface PlaceDetails {
  id?: string;
  formattedAddress?: string;
  location?: { latitude: number; longitude: number };
  addressComponents?: Array<{ longText: string; shortText?: string; types: string[] }>;
}

export interface GooglePlaces {
  suggest(query: string, limit: number): Promise<AddressSuggestion[]>;
  details(placeId: string): Promise<AddressSuggestion | null>;
}

export function createGooglePlaces(config: Config): GooglePlaces | null {
  const key = config.GOOGLE_MAPS_API_KEY;
  if (!key) return null;
  const base = config.GOOGLE_PLACES_BASE_URL.replace(/\/$/, '');
  const regions = config.ALLOWED_COUNTRIES.map((c) => c.toLowerCase()).slice(0, 15);
  return {
    async suggest(query, limit) {
      const res = await fetch(`${base}/v1/places:autocomplete`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-goog-api-key': key },
        body: JSON.stringify({ input: query, includedRegionCodes: regions, includedPrimaryTypes: ['street_address', 'premise', 'subpremise'] }),
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) throw new Error(`Google Places autocomplete answered ${res.status}`);
      const body = (await res.json()) as AutocompleteResponse;
      return (body.suggestions ?? [])
        .flatMap((s) => (s.placePrediction ? [s.placePrediction] : []))
        .slice(0, limit)
        .map((p) => ({
          address: p.structuredFormat?.mainText?.text ?? p.text?.text ?? '',
          city: p.structuredFormat?.secondaryText?.text ?? null,
          postalCode: null,
          latitude: null,
          longitude: null,
          mlsId: null,
          placeId: p.placeId,
        }));
    },
    async details(placeId) {
      const res = await fetch(`${base}/v1/places/${encodeURIComponent(placeId)}`, {
        headers: { 'x-goog-api-key': key, 'x-goog-fieldmask': 'id,formattedAddress,location,addressComponents' },
        signal: AbortSignal.timeout(5000),
      });
      if (res.status === 404) return null;
      if (!res.ok) throw new Error(`Google Places details answered ${res.status}`);
      const p = (await res.json()) as PlaceDetails;
      const part = (type: string) => p.addressComponents?.find((c) => c.types.includes(type));
      const street = [part('street_number')?.longText, part('route')?.shortText ?? part('route')?.longText].filter(Boolean).join(' ');
      const unit = part('subpremise')?.longText;
      return {
        address: street ? (unit ? `${street} #${unit}` : street) : (p.formattedAddress ?? ''),
        city: part('locality')?.longText ?? null,
        postalCode: part('postal_code')?.longText ?? null,
        latitude: p.location?.latitude ?? null,
        longitude: p.location?.longitude ?? null,
        mlsId: null,
        placeId: p.id ?? placeId,
      };
    },
  };
}
