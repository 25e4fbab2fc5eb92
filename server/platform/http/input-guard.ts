import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { controlCharacterAt, controlCharacterProblem, multilineFields } from '../../../contracts/common.js';
import { DomainError } from '../errors.js';

/** The longest request address (path and query) answered; longer ones get 414. */
export const MAX_URL_LENGTH = 16 * 1024;

export type Issue = { path: string; message: string };

type Def = {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  getter?: () => z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  items?: z.ZodType[];
  rest?: z.ZodType | null;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  left?: z.ZodType;
  right?: z.ZodType;
};
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The schemas a value may have here, wrappers removed; null when anything goes (free-form JSON). */
function leaves(schemas: z.ZodType[]): { leaves: z.ZodType[]; multi: boolean; free: boolean } {
  const out: z.ZodType[] = [];
  let multi = false;
  let free = false;
  const todo = [...schemas];
  for (let n = 0; todo.length && n < 200; n++) {
    const s = todo.pop() as z.ZodType;
    if (multilineFields.has(s)) multi = true;
    const d = defOf(s);
    switch (d.type) {
      case 'optional': case 'nullable': case 'default': case 'prefault': case 'catch': case 'readonly': case 'nonoptional':
        todo.push(d.innerType as z.ZodType);
        break;
      case 'pipe':
        todo.push(d.in as z.ZodType);
        break;
      case 'lazy':
        todo.push((d.getter as () => z.ZodType)());
        break;
      case 'union':
        todo.push(...(d.options ?? []));
        break;
      case 'intersection':
        todo.push(d.left as z.ZodType, d.right as z.ZodType);
        break;
      case 'any': case 'unknown': case 'custom':
        free = true;
        break;
      default:
        out.push(s);
    }
  }
  return { leaves: out, multi, free };
}

/** The schemas of a member `key` of an object, array or record value given the container's schemas. */
function childSchemas(containers: z.ZodType[], key: string, isIndex: boolean): z.ZodType[] {
  const out: z.ZodType[] = [];
  for (const s of containers) {
    const d = defOf(s);
    if (d.type === 'object') {
      const c = d.shape?.[key] ?? d.catchall;
      if (c) out.push(c);
    } else if (d.type === 'array' && isIndex && d.element) out.push(d.element);
    else if (d.type === 'tuple' && isIndex) {
      const c = d.items?.[Number(key)] ?? d.rest;
      if (c) out.push(c);
    } else if (d.type === 'record' && d.valueType) out.push(d.valueType);
  }
  return out;
}

/** What the walk knows of a position in a body: whether its strings are multi-line, and its children's. */
type Shape = { free: boolean; multi: boolean; leaves: z.ZodType[]; children: Map<string, Shape> };
const FREE: Shape = { free: true, multi: true, leaves: [], children: new Map() };
const shapeCache = new WeakMap<z.ZodType, Shape>();

function shapeOf(schemas: z.ZodType[]): Shape {
  if (!schemas.length) return FREE;
  const l = leaves(schemas);
  if (l.free || (l.leaves.length === 0 && !l.multi)) return FREE;
  return { free: false, multi: l.multi, leaves: l.leaves, children: new Map() };
}
const rootShape = (schema: z.ZodType): Shape => {
  const known = shapeCache.get(schema);
  if (known) return known;
  const s = shapeOf([schema]);
  shapeCache.set(schema, s);
  return s;
};
/** The shape of a member, computed once per schema and key (every element of an array shares one). */
function childShape(parent: Shape, key: string, isArray: boolean): Shape {
  if (parent.free) return FREE;
  const tuple = isArray && parent.leaves.some((l) => defOf(l).type === 'tuple');
  const k = isArray && !tuple ? '[]' : `${isArray ? '#' : '.'}${key}`;
  let c = parent.children.get(k);
  if (!c) {
    // Bounded: an object with many distinct keys (a record) does not grow the cache without end.
    c = shapeOf(childSchemas(parent.leaves, key, isArray));
    if (parent.children.size < 500) parent.children.set(k, c);
  }
  return c;
}

type Frame = { v: unknown; shape: Shape; parent: Frame | null; key: string };
const pathOf = (f: Frame, last?: string): string => {
  const parts: string[] = last === undefined ? [] : [last];
  for (let at: Frame | null = f; at; at = at.parent) parts.push(at.key);
  return parts.reverse().join('.');
};

/**
 * Every string (and object key) in a parsed request part that holds a control character, named by its
 * path (`body.goals.0.text`). `schema` decides which strings are multi-line; without one (free-form
 * JSON such as a credential to verify) tab and line breaks are allowed. Iterative, so deep nesting
 * cannot exhaust the stack; paths are built only for the issues found; stops after `max` issues.
 */
export function controlCharacterIssues(value: unknown, schema: z.ZodType | null | undefined, where: string, opts: { multiline?: boolean; max?: number } = {}): Issue[] {
  const issues: Issue[] = [];
  const max = opts.max ?? 20;
  const stack: Frame[] = [{ v: value, shape: schema ? rootShape(schema) : FREE, parent: null, key: where }];
  while (stack.length && issues.length < max) {
    const f = stack.pop() as Frame;
    const v = f.v;
    if (typeof v === 'string') {
      const problem = controlCharacterProblem(v, opts.multiline ?? (f.shape.free || f.shape.multi));
      if (problem) issues.push({ path: pathOf(f), message: problem });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) {
        const item = v[i];
        if (item !== null && (typeof item === 'object' || typeof item === 'string')) stack.push({ v: item, shape: childShape(f.shape, String(i), true), parent: f, key: String(i) });
      }
      continue;
    }
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      const problem = controlCharacterProblem(key, false);
      if (problem) {
        issues.push({ path: pathOf(f, printable(key)), message: `the field name has a control character; ${problem}` });
        continue;
      }
      const item = (v as Record<string, unknown>)[key];
      if (item !== null && (typeof item === 'object' || typeof item === 'string')) stack.push({ v: item, shape: childShape(f.shape, key, false), parent: f, key });
    }
  }
  return issues;
}

/** A name with its control characters shown as '?', to quote it in a message. */
const printable = (s: string): string => Array.from(s, (ch) => (controlCharacterAt(ch, false) ? '?' : ch)).join('');

export const validationFailed = (issues: Issue[]): DomainError => {
  const first = issues[0];
  return new DomainError('VALIDATION_FAILED', first ? `${first.path}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}` : 'The request is invalid.', { issues });
};

/**
 * Parses a body a route reads by hand (a multipart route's JSON alternative) the way a declared body
 * schema would be: control characters first, then the schema, problems named by field.
 */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const control = controlCharacterIssues(body, schema, 'body');
  if (control.length) throw validationFailed(control);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw validationFailed(parsed.error.issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message })));
  return parsed.data;
}

/** True when a parsed part (params, query) has no member at all: nothing to walk. */
const isEmpty = (v: unknown): boolean => {
  if (v === null || typeof v !== 'object') return true;
  for (const _ in v) return false;
  return true;
};

/**
 * Refuses control characters in every route's path parameters, query string and JSON body before
 * the schemas run, so no route can forget it: PostgreSQL cannot store NUL (it answered 500), SQLite
 * stored it. Multipart text fields are checked where they are read (multipart.ts).
 * Both hooks are synchronous (a thrown error still becomes the error answer) and skip empty parts
 * without walking them: a GET without a query string or path parameters pays two property reads.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    if (request.url.length > MAX_URL_LENGTH) {
      throw new DomainError('URI_TOO_LONG', `The address is longer than ${MAX_URL_LENGTH / 1024} KB; send long input in a request body.`, { limit: MAX_URL_LENGTH });
    }
    done();
  });
  app.addHook('preValidation', (request, _reply, done) => {
    const { params, query, body } = request;
    const hasBody = body !== null && typeof body === 'object' && !Buffer.isBuffer(body);
    if (isEmpty(params) && isEmpty(query) && !hasBody) return done();
    const schema = request.routeOptions.schema as { body?: z.ZodType } | undefined;
    const issues = [
      ...(isEmpty(params) ? [] : controlCharacterIssues(params, null, 'params', { multiline: false })),
      ...(isEmpty(query) ? [] : controlCharacterIssues(query, null, 'query', { multiline: false })),
      ...(hasBody ? controlCharacterIssues(body, schema?.body ?? null, 'body') : []),
    ];
    if (issues.length) throw validationFailed(issues);
    done();
  });
}
