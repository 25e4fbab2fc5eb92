import { isDeepStrictEqual } from 'node:util';
import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import fastJson from 'fast-json-stringify';
import { serializerCompiler as zodSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

/*
 * Responses are written by fast-json-stringify, compiled from the JSON Schema of each route's zod response
 * schema (the one the OpenAPI document shows): it writes only the properties a schema lists, so a field the
 * contract leaves out (a password hash, a token) never goes out, and it does not first parse the whole answer
 * as the zod serializer does. Under test every answer also goes through zod, which fails on contract drift, and
 * the two outputs must agree, so a schema the compiled serializer reads differently fails the test that
 * reaches it. docs/decisions/0009-compiled-response-serializer.md has the why.
 */

type JsonSchema = { [key: string]: unknown };
const annotations = new Set(['description', 'title', 'examples', 'default', 'deprecated', 'readOnly']);
/** Keywords that only validate: they change nothing written, but make picking a union's branch dearer. */
const validationOnly = new Set([
  'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf',
  'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'propertyNames', 'contentEncoding', 'contentMediaType',
]);
/** Formats the serializer acts on (it writes a Date in them); any other format only validates. */
const writtenFormats = new Set(['date', 'date-time', 'time']);
const onlyAnnotatedBesides = (schema: JsonSchema, key: string) => Object.keys(schema).every((k) => k === key || annotations.has(k));

/** Rewrites zod's JSON Schema into the shape fast-json-stringify serializes fastest, with the same meaning. */
function forSerializer(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forSerializer);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    // Unlisted properties are dropped anyway; without `false` here a union's branch still matches data
    // that carries extra fields (zod's objects strip those rather than refuse them).
    if (key === 'additionalProperties' && value === false) continue;
    if (validationOnly.has(key) || (key === 'format' && !writtenFormats.has(value as string))) continue;
    if (key === 'properties' || key === 'definitions' || key === '$defs') {
      out[key] = Object.fromEntries(Object.entries(value as JsonSchema).map(([k, v]) => [k, forSerializer(v)]));
    } else {
      out[key] = typeof value === 'object' ? forSerializer(value) : value;
    }
  }
  // zod lets a z.unknown() field be undefined, yet lists it as required; the serializer would refuse the answer.
  if (Array.isArray(out.required) && out.properties) {
    const props = out.properties as Record<string, JsonSchema>;
    out.required = out.required.filter((k: string) => !props[k] || Object.keys(props[k]).some((key) => !annotations.has(key)));
  }
  return nullable(out) ?? discriminated(out) ?? out;
}

/** `X | null` as one nullable schema: a combinator would make the serializer validate each value to pick a branch. */
function nullable(schema: JsonSchema): JsonSchema | null {
  const anyOf = schema.anyOf as JsonSchema[] | undefined;
  if (anyOf?.length !== 2 || !onlyAnnotatedBesides(schema, 'anyOf')) return null;
  const nullAt = anyOf.findIndex((b) => b.type === 'null' && Object.keys(b).length === 1);
  const other = anyOf[1 - nullAt];
  if (nullAt < 0 || !other || typeof other.type !== 'string' || other.anyOf || other.oneOf || other.allOf || other.$ref) return null;
  const { anyOf: _, ...rest } = schema;
  return { ...rest, ...other, nullable: true };
}

/**
 * A union of objects told apart by literal fields (a zod discriminated union, nested ones flattened) as a
 * chain of if/then/else on those fields alone: the serializer then checks a field or two to pick the branch,
 * not the whole value against every branch. Only when no value can match two branches' fields.
 */
function discriminated(schema: JsonSchema): JsonSchema | null {
  const key = schema.oneOf ? 'oneOf' : schema.anyOf ? 'anyOf' : null;
  if (!key || !onlyAnnotatedBesides(schema, key)) return null;
  const flat = (s: JsonSchema): JsonSchema[] => {
    const k = s.oneOf ? 'oneOf' : s.anyOf ? 'anyOf' : null;
    return k && onlyAnnotatedBesides(s, k) ? (s[k] as JsonSchema[]).flatMap(flat) : [s];
  };
  const branches = flat(schema);
  const tags = branches.map((b) => {
    const props = (b.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((b.required ?? []) as string[]);
    const tag = new Map<string, unknown[]>();
    for (const [k, p] of Object.entries(props)) {
      if (!required.has(k)) continue;
      if (p.const !== undefined) tag.set(k, [p.const]);
      else if (Array.isArray(p.enum)) tag.set(k, p.enum);
    }
    return b.type === 'object' && tag.size > 0 ? tag : null;
  });
  if (branches.length < 2 || tags.some((t) => t === null)) return null;
  const disjoint = (a: Map<string, unknown[]>, b: Map<string, unknown[]>) => [...a].some(([k, vs]) => b.has(k) && !vs.some((v) => b.get(k)?.includes(v)));
  for (let i = 0; i < tags.length; i++) for (let j = i + 1; j < tags.length; j++) if (!disjoint(tags[i]!, tags[j]!)) return null;
  // The last branch takes whatever matches none: it still writes only the fields it lists.
  let chain = branches[branches.length - 1] as JsonSchema;
  for (let i = branches.length - 2; i >= 0; i--) {
    const tag = tags[i]!;
    const test = { type: 'object', properties: Object.fromEntries([...tag].map(([k, vs]) => [k, { enum: vs }])), required: [...tag.keys()] };
    // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then/else, a schema that is never awaited
    chain = { if: test, then: branches[i], else: chain };
  }
  return chain;
}

/** The compiled serializer of one zod schema. */
export function compiledSerializer(schema: z.ZodType): (data: unknown) => string {
  const json = z.toJSONSchema(schema, { io: 'output', target: 'draft-7', unrepresentable: 'any', cycles: 'ref', reused: 'inline' });
  return fastJson(forSerializer(json) as Parameters<typeof fastJson>[0]);
}

/**
 * Fastify's serializer compiler for zod response schemas. `verify` (tests) also runs zod's own serializer on
 * every answer, answers with its output, and throws when the compiled serializer's output differs.
 */
export function responseSerializerCompiler({ verify }: { verify: boolean }): FastifySerializerCompiler<z.ZodType> {
  return (route) => {
    const zodSchema = route.schema;
    // Compiled on first use: most routes of a test's app are never called.
    let compiled: ((data: unknown) => string) | null = null;
    const fast = (data: unknown) => {
      compiled ??= compiledSerializer(zodSchema);
      return compiled(data);
    };
    if (!verify) return fast;
    const checked = zodSerializerCompiler(route as Parameters<typeof zodSerializerCompiler>[0]);
    return (data) => {
      const expected = checked(data);
      const got = fast(data);
      if (got !== expected && !isDeepStrictEqual(JSON.parse(got), JSON.parse(expected))) {
        throw new Error(`${route.method} ${route.url}: the compiled response serializer wrote ${got.slice(0, 500)} where the zod schema gives ${expected.slice(0, 500)}`);
      }
      return expected;
    };
  };
}
