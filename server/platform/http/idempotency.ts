import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { ErrorBody } from '../../../contracts/common.js';
import { inAmbientTransaction } from '../../db/ambient.js';
import type { Db } from '../../db/database.js';
import type { Clock } from '../clock.js';
import { DAY } from '../clock.js';
import { isApiUrl } from './security-headers.js';
import { DomainError } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: the route's answer must not be stored (it holds a secret), so Idempotency-Key is not offered. */
    idempotency?: boolean;
  }
}

export const IDEMPOTENCY_TTL_MS = DAY;
const KEY = /^[\x21-\x7e]{1,255}$/;

const IdempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(KEY, 'Idempotency-Key must be 1 to 255 visible ASCII characters, such as a UUID')
    .optional()
    .describe(
      'Makes this request safe to retry. The first answer (2xx) is stored with the request for 24 hours, in the same transaction as its writes; ' +
        'a retry with the same key and the same request returns that answer (header Idempotent-Replayed: true) and writes nothing. ' +
        'The same key with another request is refused with 422 IDEMPOTENCY_KEY_REUSED; a retry while the first is still running gets 409 IDEMPOTENCY_KEY_IN_PROGRESS. ' +
        'Keys belong to the signed-in user. An answer that was an error is not stored: a retry runs again. Not applied to multipart uploads.',
    ),
});

type Outcome = { kind: 'replay'; status: number; contentType: string; body: string } | { kind: 'stored'; status: number; contentType: string; body: string } | { kind: 'plain'; result: unknown } | { kind: 'error'; error: unknown };

const isUniqueViolation = (err: unknown) => {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
};

const inProgress = () => new DomainError('IDEMPOTENCY_KEY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry in a moment.');

/**
 * Honours an Idempotency-Key header on every POST under /api and /vc-api, once for all routes: the
 * handler runs in one transaction (services' own transactions become savepoints of it) that also stores
 * the answer, so a committed write and its stored answer exist together or not at all, even across a crash.
 * Must be registered before the routes.
 */
export function registerIdempotency(app: FastifyInstance, deps: { db: Db; dialect: 'sqlite' | 'postgres'; clock: Clock }): void {
  const inFlight = new Set<string>();

  async function handle(this: unknown, handler: RouteHandlerMethod, req: FastifyRequest, reply: FastifyReply, key: string): Promise<unknown> {
    if (!KEY.test(key)) throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key must be 1 to 255 visible ASCII characters, such as a UUID.', { issues: [{ path: 'headers.idempotency-key', message: 'Use 1 to 255 visible ASCII characters' }] });
    const actorKey = req.actor ? `user:${req.actor.userId}` : 'anonymous';
    const hash = createHash('sha256').update(JSON.stringify([req.method, req.url, actorKey, req.body ?? null])).digest('base64url');
    const slot = `${actorKey} ${key}`;
    if (inFlight.has(slot)) throw inProgress();
    inFlight.add(slot);
    let outcome: Outcome;
    try {
      outcome = await inAmbientTransaction(deps.db, async (tx): Promise<Outcome> => {
        if (deps.dialect === 'postgres') {
          // Another process may hold the same key: its transaction holds this lock until it commits.
          const { rows } = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(hashtextextended(${slot}, 0)) AS ok`.execute(tx);
          if (!rows[0]?.ok) throw inProgress();
        }
        const now = deps.clock.now();
        const prior = await tx.selectFrom('idempotency_keys').selectAll().where('actor_key', '=', actorKey).where('key', '=', key).executeTakeFirst();
        if (prior && prior.expires_at > now.toISOString()) {
          if (prior.request_hash !== hash) {
            throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was already used for a different request; use a new key for a new request.', { key });
          }
          return { kind: 'replay', status: prior.status, contentType: prior.content_type, body: prior.body };
        }
        if (prior) await tx.deleteFrom('idempotency_keys').where('actor_key', '=', actorKey).where('key', '=', key).execute();
        // Handlers that call reply.send would answer before the commit: hold their payload until after it.
        let sent: { payload: unknown } | null = null;
        // While held, the reply is no thenable either: a handler returning `reply.send(...)` would otherwise
        // wait for an answer that is only sent after the commit.
        const r = reply as unknown as { send: (payload?: unknown) => FastifyReply };
        r.send = (payload?: unknown) => {
          sent = { payload };
          return reply;
        };
        Object.defineProperty(reply, 'then', { value: undefined, configurable: true, writable: true });
        // An answer that sets or clears a cookie (signing in or out) cannot be replayed faithfully.
        let cookie = false;
        const c = reply as unknown as Record<'setCookie' | 'clearCookie', (...args: unknown[]) => FastifyReply>;
        for (const name of ['setCookie', 'clearCookie'] as const) {
          const original = c[name];
          if (typeof original === 'function') {
            c[name] = (...args: unknown[]) => {
              cookie = true;
              return original.apply(reply, args);
            };
          }
        }
        let result: unknown;
        try {
          result = await handler.call(this as never, req, reply);
        } catch (error) {
          // What the handler's services committed stays committed, as without the header; nothing is stored.
          return { kind: 'error', error };
        } finally {
          delete (r as { send?: unknown }).send;
          Reflect.deleteProperty(reply, 'then');
          Reflect.deleteProperty(reply, 'setCookie');
          Reflect.deleteProperty(reply, 'clearCookie');
        }
        const payload = sent ? (sent as { payload: unknown }).payload : result;
        const status = reply.statusCode;
        const text = typeof payload === 'string';
        // Not a success, a cookie (sign-in) or a binary or streamed answer: sent as it is, not stored.
        if (status < 200 || status >= 300 || cookie || reply.hasHeader('set-cookie') || payload === reply || (!text && (payload === undefined || payload === null || Buffer.isBuffer(payload) || typeof (payload as { pipe?: unknown }).pipe === 'function'))) {
          return { kind: 'plain', result: payload };
        }
        const contentType = text ? String(reply.getHeader('content-type') ?? 'text/plain; charset=utf-8') : 'application/json; charset=utf-8';
        const body = text ? (payload as string) : (reply.serialize(payload) as string);
        await tx
          .insertInto('idempotency_keys')
          .values({ actor_key: actorKey, key, request_hash: hash, status, content_type: contentType, body, created_at: now.toISOString(), expires_at: new Date(now.getTime() + IDEMPOTENCY_TTL_MS).toISOString() })
          .execute();
        return { kind: 'stored', status, contentType, body };
      });
    } catch (err) {
      // Another process stored this key meanwhile: everything above was undone, nothing is written twice.
      if (isUniqueViolation(err)) throw inProgress();
      throw err;
    } finally {
      inFlight.delete(slot);
    }
    switch (outcome.kind) {
      case 'error':
        throw outcome.error;
      case 'plain':
        return outcome.result;
      case 'replay':
        reply.code(outcome.status).type(outcome.contentType).header('idempotent-replayed', 'true');
        return outcome.body;
      case 'stored':
        reply.code(outcome.status).type(outcome.contentType);
        return outcome.body;
    }
  }

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.includes('POST') || route.config?.idempotency === false) return;
    if (!isApiUrl(route.url)) return;
    if (route.schema && !route.schema.headers) {
      const response = route.schema.response as Record<string, unknown> | undefined;
      route.schema = { ...route.schema, headers: IdempotencyHeaders, ...(response ? { response: { ...response, 422: ErrorBody } } : {}) };
    }
    const handler = route.handler;
    route.handler = async function (this: unknown, req, reply) {
      const key = req.headers['idempotency-key'];
      if (key === undefined || req.isMultipart()) return handler.call(this as never, req, reply);
      return handle.call(this, handler, req, reply, Array.isArray(key) ? key.join(',') : key);
    } as RouteHandlerMethod;
  });
}

/** Deletes stored answers past their day; the maintenance sweep calls it. */
export async function purgeIdempotencyKeys(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now.toISOString()).execute();
}
