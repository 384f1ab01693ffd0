import { LISTING_STATUSES } from '../listing-schema';
import { parsePoint, type LatLng } from '../geo';

/** GET /properties parameters this server understands, parsed and checked. */
export interface SearchQuery {
  q: string[];
  status: string[];
  type: string[];
  points: LatLng[];
  postalCodes: string[];
  cities: string[];
  state: string[];
  counties: string[];
  minbeds?: number;
  maxbeds?: number;
  minbaths?: number;
  maxbaths?: number;
  minarea?: number;
  maxarea?: number;
  minprice?: number;
  maxprice?: number;
  minyear?: number;
  maxyear?: number;
  limit: number;
  offset: number;
  lastId?: number;
  sort?: string;
  count: boolean;
}

export class BadRequest extends Error {}

/** The spec's `type` values and the `.property.type` codes they select. */
export const TYPE_CODES: Record<string, string> = {
  residential: 'RES',
  rental: 'RNT',
  mobilehome: 'MOB', // no .property.type code in the spec: selects nothing here
  condominium: 'CND',
  multifamily: 'MLF',
  commercial: 'CRE',
  commerciallease: 'CLE',
  land: 'LND',
  farm: 'FRM',
};

export const SORT_KEYS = ['listprice', 'listdate', 'closedate', 'beds', 'baths', '-listprice', '-listdate', '-closedate', '-beds', '-baths'] as const;

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 500;
/** No `status` parameter means Active and Pending (what SimplyRETS' own WordPress client documents). */
export const DEFAULT_STATUSES = ['Active', 'Pending'];

type Raw = Record<string, string | string[] | undefined>;

function list(raw: Raw, key: string): string[] {
  const v = raw[key];
  const values = v === undefined ? [] : Array.isArray(v) ? v : [v];
  return values.map((s) => s.trim()).filter((s) => s.length > 0);
}

function integer(raw: Raw, key: string, min = Number.MIN_SAFE_INTEGER): number | undefined {
  const [v] = list(raw, key).slice(-1);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new BadRequest(`Invalid value for ${key}: ${v}`);
  return n;
}

function numeric(raw: Raw, key: string): number | undefined {
  const [v] = list(raw, key).slice(-1);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new BadRequest(`Invalid value for ${key}: ${v}`);
  return n;
}

function bool(raw: Raw, key: string): boolean {
  const [v] = list(raw, key).slice(-1);
  return v === 'true' || v === '1';
}

export function parseSearchQuery(raw: Raw): SearchQuery {
  const statusParam = raw.status;
  let status: string[];
  if (statusParam === undefined) status = DEFAULT_STATUSES;
  else {
    status = list(raw, 'status');
    if (status.length === 0) status = ['Active'];
  }
  for (const s of status) {
    if (!(LISTING_STATUSES as readonly string[]).includes(s)) throw new BadRequest(`Invalid status: ${s}`);
  }
  const type = list(raw, 'type').map((t) => {
    const code = TYPE_CODES[t.toLowerCase()];
    if (!code) throw new BadRequest(`Invalid type: ${t}`);
    return code;
  });
  const points = list(raw, 'points').map((p) => {
    const point = parsePoint(p);
    if (!point) throw new BadRequest(`Invalid point: ${p}. Expected "lat,lng"`);
    return point;
  });
  if (points.length > 0 && points.length < 3) throw new BadRequest('A points polygon needs at least 3 points');
  const limit = integer(raw, 'limit', 0) ?? DEFAULT_LIMIT;
  const [sort] = list(raw, 'sort').slice(-1);
  if (sort !== undefined && !(SORT_KEYS as readonly string[]).includes(sort)) throw new BadRequest(`Invalid sort: ${sort}`);
  return {
    q: list(raw, 'q'),
    status,
    type,
    points,
    postalCodes: list(raw, 'postalCodes'),
    cities: list(raw, 'cities').map((c) => c.toLowerCase()),
    state: list(raw, 'state').map((c) => c.toLowerCase()),
    counties: list(raw, 'counties').map((c) => c.toLowerCase()),
    minbeds: integer(raw, 'minbeds'),
    maxbeds: integer(raw, 'maxbeds'),
    minbaths: numeric(raw, 'minbaths'),
    maxbaths: numeric(raw, 'maxbaths'),
    minarea: numeric(raw, 'minarea'),
    maxarea: numeric(raw, 'maxarea'),
    minprice: numeric(raw, 'minprice'),
    maxprice: numeric(raw, 'maxprice'),
    minyear: integer(raw, 'minyear'),
    maxyear: integer(raw, 'maxyear'),
    limit: Math.min(limit === 0 ? DEFAULT_LIMIT : limit, MAX_LIMIT),
    offset: integer(raw, 'offset', 0) ?? 0,
    lastId: integer(raw, 'lastId', 0),
    sort,
    count: bool(raw, 'count'),
  };
}
