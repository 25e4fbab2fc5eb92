import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';

/**
 * Requests a minute per client, counted without a promise (decision 0018). @fastify/rate-limit answered
 * the same questions through two async functions and a promise on every request, which cost more than
 * the health check's own work; here the count is one Map lookup in a synchronous hook. Its option
 * shape (`config: { rateLimit: { max, timeWindow, keyGenerator } }` on a route, `false` to turn it off)
 * and its client key (the address, an IPv6 address by its /64) are kept, and so are its answers: 429
 * in the error shape with `retry-after` and the `x-ratelimit-*` headers.
 */
type Limit = { max: number; windowMs: number; key: (request: FastifyRequest) => string };

/** A route's own limit replaces the general one and counts apart from it (as the plugin's per-route store did). */
export type RouteRateLimit = { max: number; timeWindow: number | string; keyGenerator?: (request: FastifyRequest) => string };

/** At most this many clients are counted apart in one window; past it, new clients share one count. */
const MAX_KEYS = 200_000;
const UNITS: Record<string, number> = { second: 1000, minute: 60_000, hour: 3_600_000 };

/** "1 minute", "10 seconds" or a number of milliseconds. */
export function windowMs(timeWindow: number | string): number {
  if (typeof timeWindow === 'number' && Number.isFinite(timeWindow) && timeWindow > 0) return timeWindow;
  const m = typeof timeWindow === 'string' ? /^(\d+)\s*(second|minute|hour)s?$/.exec(timeWindow.trim()) : null;
  if (!m || Number(m[1]) === 0) throw new Error(`A rate limit's timeWindow must be milliseconds or like "1 minute", not ${JSON.stringify(timeWindow)}`);
  return Number(m[1]) * (UNITS[m[2] as string] as number);
}

const byAddress = (request: FastifyRequest) => normalizeIP(request.ip);

/** The hooks made here: a HEAD route arrives with its GET route's hooks, and must not be counted twice. */
const limiters = new WeakSet<object>();

export class RateLimitExceeded extends Error {
  readonly statusCode = 429;
  readonly code = 'FST_ERR_RATE_LIMIT_EXCEEDED';
}

/**
 * Each client's count runs for `windowMs` from its first request (as the plugin's did, so a burst is
 * refused at the same request whenever it starts). Counts live in two maps, this window's and the last
 * one's, swapped every `windowMs`: a count untouched for two windows has expired and goes with its map,
 * so nothing is swept and memory stays within the clients of two windows.
 */
function counter(limit: Limit, now: () => number): onRequestHookHandler {
  type Count = { n: number; start: number };
  let turned = now();
  let current = new Map<string, Count>();
  let previous = new Map<string, Count>();
  const hook: onRequestHookHandler = (request, reply, done) => {
    const t = now();
    if (t - turned >= limit.windowMs) {
      previous = t - turned >= 2 * limit.windowMs ? new Map() : current;
      current = new Map();
      turned = t;
    }
    let key = limit.key(request);
    let count = current.get(key);
    if (!count) {
      count = previous.get(key);
      if (!count && current.size >= MAX_KEYS) {
        key = '*';
        count = current.get(key);
      }
      if (count) current.set(key, count);
    }
    if (!count || t - count.start >= limit.windowMs) {
      current.set(key, { n: 1, start: t });
      return done();
    }
    count.n += 1;
    if (count.n <= limit.max) return done();
    const resetSeconds = Math.max(1, Math.ceil((count.start + limit.windowMs - t) / 1000));
    reply.header('x-ratelimit-limit', limit.max).header('x-ratelimit-remaining', 0).header('x-ratelimit-reset', resetSeconds).header('retry-after', resetSeconds);
    done(new RateLimitExceeded(`Too many requests; try again in ${resetSeconds} seconds.`));
  };
  limiters.add(hook);
  return hook;
}

/**
 * Limits every route to `max` requests a `timeWindow` per client, unless the route sets its own
 * `config.rateLimit` (or `false`). Register before the routes.
 */
export function registerRateLimit(app: FastifyInstance, opts: { max: number; timeWindow: number | string; now?: () => number }): void {
  const now = opts.now ?? Date.now;
  const general = counter({ max: opts.max, windowMs: windowMs(opts.timeWindow), key: byAddress }, now);
  app.addHook('onRoute', (route) => {
    const own = (route.config as { rateLimit?: RouteRateLimit | false } | undefined)?.rateLimit;
    if (own === false) return;
    if (own !== undefined && (typeof own !== 'object' || !Number.isInteger(own.max) || own.max < 1)) {
      throw new Error(`${route.method} ${route.url}: config.rateLimit must be false or { max, timeWindow, keyGenerator? }`);
    }
    const hook = own ? counter({ max: own.max, windowMs: windowMs(own.timeWindow), key: own.keyGenerator ?? byAddress }, now) : general;
    const hooks = route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    if (hooks.some((h) => limiters.has(h))) return;
    route.onRequest = [...hooks, hook] as never;
  });
}
