import fc from 'fast-check';
import type { JsonSchema, Operation } from './openapi-operations';

export interface FuzzRequest {
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

/** Values the API must refuse politely wherever a field goes. */
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'demo\u0000',
    '1156 N 93rd St\u0000, Seattle',
    '\u0007\u001b[31m',
    '\u202e\u200b',
    '\ud800',
    '%00',
    '../../etc/passwd',
    '<script>alert(1)</script>',
    "' OR 1=1 --",
    '__proto__',
    'constructor',
    '+12015550123',
    '2015-02-30',
    'NaN',
    '-1',
    '1e309',
  ),
  fc.constant('x'.repeat(5000)),
  fc.constant('9'.repeat(400)),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  fc.integer(),
  fc.constantFrom(0, -1, 2 ** 53, -(2 ** 31), 0.5, 1e308),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.constant({ __proto__: { admin: true } }),
);

/** Plausible values for the fields the API has, so generated requests get past the first check. */
const KNOWN: Record<string, fc.Arbitrary<unknown>> = {
  agent_code: fc.constantFrom('demo', 'DEMO', 'nope123'),
  phone: fc.constantFrom('(201) 555-0123', '+12065550100', '+442071838750', '555'),
  address: fc.constantFrom('1156 N 93rd St, Seattle, WA 98103', '12211 SE 65th St', 'Nowhere 1'),
  consent: fc.constantFrom(true, false),
  consent_version: fc.constantFrom(1, 2, 3, 0),
  consent_text: fc.constant('I agree that Jordan Avery may contact me by call or text at this number.'),
  page_url: fc.constantFrom('http://localhost:3000/cma/demo', 'https://evil.example/cma/demo', 'javascript:alert(1)'),
  type: fc.constantFrom('view', 'section_view', 'pdf_download', 'share', 'contact_tap', 'heartbeat', 'boom'),
  session_id: fc.constantFrom('s-0123456789abcdef', 'short'),
  section: fc.constantFrom('estimate', 'comps', 'market'),
  channel: fc.constantFrom('call', 'text', 'email', 'web_share', 'copy_link'),
  q: fc.constantFrom('1156 N', '12211', 'a'),
  mlsId: fc.constantFrom('1', '99999999'),
  postalCode: fc.constantFrom('98103', '00000'),
  id: fc.constantFrom('ChIJ-fake'),
};

function validFor(name: string, schema: JsonSchema): fc.Arbitrary<unknown> {
  const known = KNOWN[name];
  if (known) return known;
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants?.[0]) return validFor(name, variants[0]);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000, noNaN: true });
    case 'object':
      return objectEntries(schema)
        .map(serializeEntries)
        .map((text) => JSON.parse(text) as unknown);
    case 'array':
      return fc.array(validFor(name, schema.items ?? {}), { maxLength: 3 });
    default:
      return fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 30, 30) });
  }
}

type Entry = [string, unknown];

/** Each known field valid, hostile or missing; sometimes extra keys, `__proto__` and `constructor` among them. */
function objectEntries(schema: JsonSchema): fc.Arbitrary<Entry[]> {
  const fields = Object.entries(schema.properties ?? {}).map(([name, fieldSchema]) =>
    fc.oneof(
      { weight: 5, arbitrary: validFor(name, fieldSchema).map((v): Entry[] => [[name, v]]) },
      { weight: 2, arbitrary: hostileValue.map((v): Entry[] => [[name, v]]) },
      { weight: 1, arbitrary: fc.constant<Entry[]>([]) },
    ),
  );
  const extra = fc.array(
    fc.tuple(
      fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'status', 'id'), fc.string({ maxLength: 10 })),
      hostileValue,
    ),
    { maxLength: 2 },
  );
  return fc.tuple(fc.tuple(...fields), extra).map(([groups, more]) => [...groups.flat(), ...(more as Entry[])]);
}

/** JSON text from entries, so `__proto__` and repeated keys reach the server as written. */
function serializeEntries(entries: Entry[]): string {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',')}}`;
}

function bodyFor(schema: JsonSchema): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 12, arbitrary: objectEntries(schema).map(serializeEntries) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constantFrom('', '{', 'null', '[]', '"x"', '{"a":', `{"agent_code":"demo","x":"${'y'.repeat(70_000)}"}`) },
  );
}

function paramValue(name: string, schema: JsonSchema, ids: { report: string; agentCode: string }): fc.Arbitrary<unknown> {
  if (name === 'id' || name === 'report_id') return fc.oneof(fc.constant(ids.report), hostileValue);
  if (name === 'agent_code') return fc.oneof(fc.constant(ids.agentCode), hostileValue);
  return fc.oneof({ weight: 3, arbitrary: validFor(name, schema) }, { weight: 2, arbitrary: hostileValue });
}

/** Lone surrogates cannot be percent-encoded; a client would send U+FFFD for them. */
const wellFormed = (s: string) => s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

const asText = (v: unknown) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

export function requestFor(operation: Operation, ids: { report: string; agentCode: string }): fc.Arbitrary<FuzzRequest> {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query');
  const path = fc
    .tuple(...pathParams.map((p) => paramValue(p.name, p.schema, ids)))
    .map((values) => pathParams.reduce((url, p, i) => url.replace(`{${p.name}}`, encodeURIComponent(wellFormed(asText(values[i])))), operation.path));
  const query = fc.tuple(...queryParams.map((p) => fc.option(paramValue(p.name, p.schema, ids), { nil: undefined, freq: 4 }))).map((values) => {
    const search = new URLSearchParams();
    queryParams.forEach((p, i) => {
      const v = values[i];
      if (v !== undefined) search.append(p.name, asText(v));
    });
    return search.toString();
  });
  const auth = fc.constantFrom<Record<string, string>>(
    {},
    { authorization: 'Bearer wrong' },
    { authorization: 'Bearer fuzz-admin-token-0123456789' },
    { authorization: '\u0000' },
  );
  const payload = operation.body ? bodyFor(operation.body).map((p): string | undefined => p) : fc.constant(undefined);
  const contentType = fc.constantFrom('application/json', 'application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded');
  return fc.tuple(path, query, auth, payload, contentType).map(([p, q, a, body, type]) => ({
    url: q ? `${p}?${q}` : p,
    headers: { ...(operation.secured ? a : {}), ...(body === undefined ? {} : { 'content-type': type }), 'user-agent': 'fuzz/1.0' },
    ...(body === undefined ? {} : { payload: body }),
  }));
}
