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

/**
 * Every string (and object key) in a parsed request part that holds a control character, named by its
 * path (`body.goals.0.text`). `schema` decides which strings are multi-line; without one (free-form
 * JSON such as a credential to verify) tab and line breaks are allowed. Iterative, so deep nesting
 * cannot exhaust the stack; stops after `max` issues.
 */
export function controlCharacterIssues(value: unknown, schema: z.ZodType | null | undefined, where: string, opts: { multiline?: boolean; max?: number } = {}): Issue[] {
  const issues: Issue[] = [];
  const max = opts.max ?? 20;
  const stack: Array<{ v: unknown; schemas: z.ZodType[] | null; path: string }> = [{ v: value, schemas: schema ? [schema] : null, path: where }];
  while (stack.length && issues.length < max) {
    const { v, schemas, path } = stack.pop() as (typeof stack)[number];
    if (v === null || (typeof v !== 'object' && typeof v !== 'string')) continue;
    const shape = schemas ? leaves(schemas) : null;
    const free = !shape || shape.free || (shape.leaves.length === 0 && !shape.multi);
    if (typeof v === 'string') {
      const problem = controlCharacterProblem(v, opts.multiline ?? (free || (shape?.multi ?? false)));
      if (problem) issues.push({ path, message: problem });
      continue;
    }
    const isArray = Array.isArray(v);
    for (const key of Object.keys(v as object)) {
      if (!isArray) {
        const problem = controlCharacterProblem(key, false);
        if (problem) {
          issues.push({ path: `${path}.${printable(key)}`, message: `the field name has a control character; ${problem}` });
          continue;
        }
      }
      const next = free ? null : childSchemas(shape?.leaves ?? [], key, isArray);
      stack.push({ v: (v as Record<string, unknown>)[key], schemas: next, path: `${path}.${key}` });
    }
  }
  return issues.reverse();
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

/**
 * Refuses control characters in every route's path parameters, query string and JSON body before
 * the schemas run, so no route can forget it: PostgreSQL cannot store NUL (it answered 500), SQLite
 * stored it. Multipart text fields are checked where they are read (multipart.ts).
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    if (request.url.length > MAX_URL_LENGTH) {
      throw new DomainError('URI_TOO_LONG', `The address is longer than ${MAX_URL_LENGTH / 1024} KB; send long input in a request body.`, { limit: MAX_URL_LENGTH });
    }
  });
  app.addHook('preValidation', async (request) => {
    const schema = request.routeOptions.schema as { body?: z.ZodType } | undefined;
    const issues = [
      ...controlCharacterIssues(request.params, null, 'params', { multiline: false }),
      ...controlCharacterIssues(request.query, null, 'query', { multiline: false }),
      ...(request.body && typeof request.body === 'object' && !Buffer.isBuffer(request.body) ? controlCharacterIssues(request.body, schema?.body ?? null, 'body') : []),
    ];
    if (issues.length) throw validationFailed(issues);
  });
}
