import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { registerRateLimit, windowMs } from '../../server/platform/http/rate-limit.js';

// The limiter alone, on a bare Fastify with a clock the test moves: each window's edge is reached exactly.
let t = 1_000_000;
let app: FastifyInstance;

async function limited(max = 3): Promise<FastifyInstance> {
  t = 1_000_000;
  app = Fastify();
  registerRateLimit(app, { max, timeWindow: '1 minute', now: () => t });
  app.get('/a', async () => 'a');
  app.get('/b', async () => 'b');
  app.get('/own', { config: { rateLimit: { max: 1, timeWindow: 10_000, keyGenerator: (r) => String(r.headers['x-key']) } } }, async () => 'own');
  app.get('/free', { config: { rateLimit: false } }, async () => 'free');
  await app.ready();
  return app;
}

const get = (url: string, from = '192.0.2.1', headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, remoteAddress: from, headers });
const statuses = async (n: number, url: string, from?: string, headers?: Record<string, string>) => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await get(url, from, headers)).statusCode);
  return out;
};

afterEach(async () => {
  await app?.close();
});

describe('rate limit', () => {
  it('allows max requests per client in a window, counted across routes, then 429 with when to come back', async () => {
    await limited(3);
    expect(await statuses(2, '/a')).toEqual([200, 200]);
    expect((await get('/b')).statusCode).toBe(200);
    t += 15_000;
    const refused = await get('/a');
    expect(refused.statusCode).toBe(429);
    // The window started with the first request: 45 s of it are left.
    expect(refused.headers['retry-after']).toBe('45');
    expect(refused.headers['x-ratelimit-limit']).toBe('3');
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    expect(refused.headers['x-ratelimit-reset']).toBe('45');
    // Answers within the limit carry none of these headers.
    await limited(3);
    expect((await get('/a')).headers['x-ratelimit-limit']).toBeUndefined();
  });

  it('starts a new count when the client’s window has passed, whenever the burst began', async () => {
    await limited(2);
    t += 59_999;
    expect(await statuses(3, '/a')).toEqual([200, 200, 429]);
    t += 59_999;
    expect((await get('/a')).statusCode).toBe(429);
    t += 1;
    expect(await statuses(3, '/a')).toEqual([200, 200, 429]);
  });

  it('counts clients apart, IPv6 addresses by their /64', async () => {
    await limited(1);
    expect(await statuses(2, '/a', '192.0.2.1')).toEqual([200, 429]);
    expect((await get('/a', '192.0.2.2')).statusCode).toBe(200);
    expect((await get('/a', '2001:db8:1:2::1')).statusCode).toBe(200);
    expect((await get('/a', '2001:db8:1:2::ffff')).statusCode).toBe(429);
    expect((await get('/a', '2001:db8:1:3::1')).statusCode).toBe(200);
  });

  it('a route’s own limit counts apart from the general one, by its own key; false turns it off', async () => {
    await limited(1);
    expect(await statuses(2, '/a')).toEqual([200, 429]);
    expect(await statuses(2, '/own', '192.0.2.1', { 'x-key': 'k1' })).toEqual([200, 429]);
    expect((await get('/own', '192.0.2.1', { 'x-key': 'k2' })).statusCode).toBe(200);
    t += 10_000;
    expect((await get('/own', '192.0.2.1', { 'x-key': 'k1' })).statusCode).toBe(200);
    expect(await statuses(5, '/free')).toEqual([200, 200, 200, 200, 200]);
  });

  it('counts a HEAD request once, in the same count as its GET', async () => {
    await limited(2);
    expect((await app.inject({ method: 'HEAD', url: '/a', remoteAddress: '192.0.2.9' })).statusCode).toBe(200);
    expect((await get('/a', '192.0.2.9')).statusCode).toBe(200);
    expect((await app.inject({ method: 'HEAD', url: '/a', remoteAddress: '192.0.2.9' })).statusCode).toBe(429);
  });

  it('forgets counts two windows old, and keeps a live count across the turn of the maps', async () => {
    await limited(2);
    t += 50_000;
    expect((await get('/a', '192.0.2.5')).statusCode).toBe(200);
    // The maps turn at the next request a window after the first; 192.0.2.5's count (started 20 s before) lives on.
    t += 20_000;
    expect(await statuses(2, '/a', '192.0.2.5')).toEqual([200, 429]);
    t += 200_000;
    expect(await statuses(3, '/a', '192.0.2.5')).toEqual([200, 200, 429]);
  });

  it('refuses a timeWindow it cannot read, and a route limit of the wrong shape, when the route is added', () => {
    expect(windowMs('1 minute')).toBe(60_000);
    expect(windowMs('10 seconds')).toBe(10_000);
    expect(windowMs(250)).toBe(250);
    expect(() => windowMs('soon')).toThrow(/timeWindow/);
    expect(() => windowMs(0)).toThrow(/timeWindow/);
    const bad = Fastify();
    registerRateLimit(bad, { max: 1, timeWindow: '1 minute' });
    expect(() => bad.get('/x', { config: { rateLimit: { max: 0, timeWindow: '1 minute' } } }, async () => 'x')).toThrow(/config.rateLimit/);
  });
});
