// credentialSchema: the credential checked against each JSON Schema it declares, with Ajv. Three
// declarations are understood: 1EdTechJsonSchemaValidator2019 (Open Badges 3.0) and JsonSchema (VC
// JSON Schema, https://www.w3.org/TR/vc-json-schema/) name the schema by URL; JsonSchemaCredential
// names a credential whose credentialSubject.jsonSchema is the schema. The OB 3.0 schemas ship with
// Guildhall (schemas/open-badges.ts); other URLs come through the injected resolver, so the remote
// rules hold (https, public addresses, size, time) and nothing is fetched without one. Compiled
// validators are kept per URL, a bounded number, in the module: on a verification thread they serve
// every credential that thread checks.
import { Ajv, type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import type { JsonObject, Resolver } from '../../document-loader.js';
import { failed, passed, type SettledCheck } from '../checks.js';
import { shippedSchemas } from './schemas/open-badges.js';

export const SUPPORTED_SCHEMA_TYPES = ['1EdTechJsonSchemaValidator2019', 'JsonSchema', 'JsonSchemaCredential'] as const;
/** Declared schemas checked per credential: each may be a fetch from another server. */
export const MAX_SCHEMAS = 8;
/** Compiled validators kept (the oldest used is dropped first). */
const MAX_VALIDATORS = 64;

type Json = Record<string, unknown>;
type AddFormats = (ajv: Ajv) => unknown;
// ajv-formats is CommonJS with its function as module.exports and as .default: either works.
const addFormats = ((formatsModule as unknown as { default?: AddFormats }).default ?? formatsModule) as unknown as AddFormats;

const many = (x: unknown): unknown[] => (x === undefined || x === null ? [] : Array.isArray(x) ? x : [x]);
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

const validators = new Map<string, ValidateFunction>();

/** The Ajv for the schema's dialect: 2020-12, 2019-09, or draft-07 (and -06) when it names neither. */
function ajvFor(schema: Json, resolve: Resolver | undefined): Ajv | string {
  const dialect = typeof schema['$schema'] === 'string' ? schema['$schema'] : '';
  // strict: false: foreign schemas use keywords and formats Ajv's strict mode refuses; they still validate.
  const options: Options = {
    strict: false,
    allErrors: false,
    verbose: true,
    loadSchema: async (uri: string) => {
      const shipped = shippedSchemas.get(uri);
      if (shipped) return shipped;
      const doc = resolve ? await resolve(uri) : null;
      if (!doc) throw new Error(`the referenced schema ${uri} could not be fetched`);
      return doc;
    },
  };
  let ajv: Ajv;
  if (dialect.includes('2020-12')) ajv = new Ajv2020(options);
  else if (dialect.includes('2019-09')) ajv = new Ajv2019(options);
  else if (dialect === '' || /draft-0[67]\//.test(dialect)) ajv = new Ajv(options);
  else return `its $schema ${dialect} is not a supported JSON Schema version (2020-12, 2019-09, draft-07)`;
  addFormats(ajv);
  return ajv;
}

/** A kept validator, marked as the latest used. */
function kept(key: string): ValidateFunction | undefined {
  const hit = validators.get(key);
  if (hit) {
    validators.delete(key);
    validators.set(key, hit);
  }
  return hit;
}

async function compile(key: string, schema: Json, resolve: Resolver | undefined): Promise<ValidateFunction | string> {
  const ajv = ajvFor(schema, resolve);
  if (typeof ajv === 'string') return ajv;
  let validate: ValidateFunction;
  try {
    // A schema's own $id may differ from where it was found; it is compiled under its own name.
    validate = await ajv.compileAsync(schema);
  } catch (error) {
    return `it is not a usable JSON Schema: ${(error as Error).message}`;
  }
  validators.set(key, validate);
  while (validators.size > MAX_VALIDATORS) validators.delete(validators.keys().next().value!);
  return validate;
}

/** "/credentialSubject/achievement/0/name" as credentialSubject.achievement[0].name. */
export function propertyPath(pointer: string, child?: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (child !== undefined) parts.push(child);
  return parts.reduce((path, p) => (/^\d+$/.test(p) ? `${path}[${p}]` : path ? `${path}.${p}` : p), '');
}

/** Ajv's first error in words, at the property it is about. */
export function describeError(errors: ErrorObject[]): { path: string; words: string } {
  // anyOf, oneOf, if and allOf summarise the errors listed before them; the first of those says more.
  const e = errors.find((x) => !['anyOf', 'oneOf', 'if', 'allOf'].includes(x.keyword)) ?? errors[0];
  if (!e) return { path: '', words: 'the credential does not match' };
  const params = e.params as Record<string, unknown>;
  const parent = e.parentSchema as Json | undefined;
  if (e.keyword === 'required') return { path: propertyPath(e.instancePath, String(params['missingProperty'])), words: 'is required' };
  if (e.keyword === 'additionalProperties') return { path: propertyPath(e.instancePath, String(params['additionalProperty'])), words: 'is not allowed' };
  const path = propertyPath(e.instancePath);
  const contains = isObject(parent?.['contains']) ? (parent['contains'] as Json) : undefined;
  if (e.keyword === 'contains' && contains && ('const' in contains || 'enum' in contains)) {
    const wanted = 'const' in contains ? [contains['const']] : many(contains['enum']);
    return { path, words: `must include ${wanted.map(String).join(' or ')}` };
  }
  if (e.keyword === 'const') return { path, words: `must be ${JSON.stringify(params['allowedValue'])}` };
  return { path, words: e.message ?? 'does not match' };
}

type Loaded = { key: string; schema: Json } | { validate: ValidateFunction } | { error: string };

/** The schema an entry names: shipped, fetched, or taken out of a JsonSchemaCredential. */
async function load(entry: Json, resolve: Resolver | undefined): Promise<Loaded> {
  const url = entry['id'] as string;
  const type = entry['type'];
  const fetch = async (what: string): Promise<Json | string> => {
    if (!resolve) return `the ${what} could not be fetched: nothing is fetched here`;
    try {
      const doc = await resolve(url);
      return doc ?? `the ${what} could not be fetched`;
    } catch (error) {
      return `the ${what} could not be fetched: ${(error as Error).message.replace(/^Unable to load \S+: /, '')}`;
    }
  };
  if (type === '1EdTechJsonSchemaValidator2019' || type === 'JsonSchema') {
    const hit = kept(url);
    if (hit) return { validate: hit };
    const shipped = shippedSchemas.get(url);
    if (shipped) return { key: url, schema: shipped };
    const doc = await fetch('schema');
    return typeof doc === 'string' ? { error: doc } : { key: url, schema: doc };
  }
  if (type === 'JsonSchemaCredential') {
    const key = `credential ${url}`;
    const hit = kept(key);
    if (hit) return { validate: hit };
    const doc = await fetch('schema credential');
    if (typeof doc === 'string') return { error: doc };
    const subject = many(doc['credentialSubject'])[0];
    if (!many(doc['type']).includes('JsonSchemaCredential') || !isObject(subject) || !isObject(subject['jsonSchema'])) {
      return { error: 'it is not a JsonSchemaCredential with a credentialSubject.jsonSchema' };
    }
    return { key, schema: subject['jsonSchema'] };
  }
  return { error: `its type ${JSON.stringify(type)} is not supported (supported: ${SUPPORTED_SCHEMA_TYPES.join(', ')})` };
}

/**
 * The credentialSchema check, or null when the credential declares none. Every declared schema must
 * be met; the reason names the first that is not (its URL, the property and Ajv's message).
 */
export async function checkCredentialSchemas(credential: JsonObject, resolve?: Resolver): Promise<SettledCheck | null> {
  if (credential['credentialSchema'] === undefined) return null;
  const entries = many(credential['credentialSchema']);
  if (entries.length > MAX_SCHEMAS) return failed('credentialSchema', `${entries.length} schemas are declared; at most ${MAX_SCHEMAS} are checked.`, { schema: null, count: entries.length });
  const bad = entries.findIndex((e) => !isObject(e) || typeof e['id'] !== 'string');
  if (bad !== -1) return failed('credentialSchema', `credentialSchema${Array.isArray(credential['credentialSchema']) ? `[${bad}]` : ''} names no schema (an object with an id and a type).`, { schema: null, count: entries.length });
  // Fetched and compiled side by side, so several remote schemas cost one fetch time, not their sum.
  const compiled = await Promise.all((entries as Json[]).map(async (entry) => {
    const loaded = await load(entry, resolve);
    return 'error' in loaded ? loaded.error : 'validate' in loaded ? loaded.validate : compile(loaded.key, loaded.schema, resolve);
  }));
  const met: string[] = [];
  for (const [i, entry] of (entries as Json[]).entries()) {
    const url = entry['id'] as string;
    const validate = compiled[i]!;
    if (typeof validate === 'string') return failed('credentialSchema', `The schema ${url} could not be used: ${validate}.`, { schema: url, type: String(entry['type']), count: entries.length });
    if (!validate(credential)) {
      const { path, words } = describeError(validate.errors ?? []);
      return failed('credentialSchema', `${path || '(the credential)'}: ${words} (schema ${url}).`, { schema: url, type: String(entry['type']), path, count: entries.length });
    }
    met.push(`${url}${shippedSchemas.has(url) ? ' (shipped with Guildhall)' : ''}`);
  }
  return passed('credentialSchema', `${met.length === 1 ? 'Matches its declared schema' : `Matches all ${met.length} declared schemas`}: ${met.join(', ')}.`, { schema: met.length === 1 ? (entries[0] as Json)['id'] as string : null, count: entries.length });
}

/** Forgets compiled validators (tests). */
export const clearSchemaCache = (): void => validators.clear();
