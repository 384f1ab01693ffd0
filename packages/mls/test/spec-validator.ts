import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * OpenAPI 3.0 schema → JSON Schema: `nullable: true` becomes a `null` type (or `anyOf` with null
 * beside a `$ref`, whose siblings OpenAPI 3.0 ignores), and component refs point at `definitions`.
 */
export function openApiToJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(openApiToJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const { nullable, example: _example, ...rest } = node;
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(rest)) out[k] = openApiToJsonSchema(v);
  if (typeof out.$ref === 'string') {
    const ref = { $ref: out.$ref.replace('#/components/schemas/', '#/definitions/') };
    return nullable === true ? { anyOf: [ref, { type: 'null' }] } : ref;
  }
  if (nullable === true && typeof out.type === 'string') out.type = [out.type, 'null'];
  if (nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out;
}

/** Validator for the spec's `Listing` schema (formats not checked; extra keys allowed, as in the spec). */
export function loadListingValidator(): ValidateFunction {
  const spec = parse(readFileSync(fixture('simplyrets-openapi.yaml'), 'utf8')) as {
    components: { schemas: { [name: string]: Json } };
  };
  const definitions = openApiToJsonSchema(spec.components.schemas);
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema({ $id: 'simplyrets', definitions }, 'simplyrets');
  const validate = ajv.getSchema('simplyrets#/definitions/Listing');
  if (!validate) throw new Error('Listing schema not found in the OpenAPI spec');
  return validate;
}

/** The 20 listings of the captured real response. */
export function loadDemoListings(): Record<string, unknown>[] {
  return JSON.parse(readFileSync(fixture('demo-properties-response.sample.json'), 'utf8')) as Record<string, unknown>[];
}

/** Dotted key paths of an object, recursing into objects (not arrays). */
export function keyPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => [`${prefix}${k}`, ...keyPaths(v, `${prefix}${k}.`)]);
}

/**
 * The captured response's key paths that the listing lacks. A path below an object the demo has but
 * the listing sends as null (e.g. `office.contact`) counts as present: null is how "unknown" is said.
 */
export function missingDemoKeys(listing: unknown, demoPaths: readonly string[]): string[] {
  const present = new Set(keyPaths(listing));
  const valueAt = (path: string) =>
    path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), listing);
  return demoPaths.filter((path) => {
    if (present.has(path)) return false;
    const parts = path.split('.');
    for (let i = 1; i < parts.length; i++) if (valueAt(parts.slice(0, i).join('.')) === null) return false;
    return true;
  });
}
