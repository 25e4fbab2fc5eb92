import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../../platform/clock.js';
import { endpointUrlProblem } from './addresses.js';
import { failedTooLong, nextAttemptAt, RETRY_WINDOW_MS, retryDelayMs } from './rules.js';

describe('the retry schedule', () => {
  it('doubles from 30 s up to 6 hours, with ±20% jitter', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, mid))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(retryDelayMs(30, mid)).toBe(6 * HOUR);
    expect(retryDelayMs(1, () => 0)).toBe(24_000);
    expect(retryDelayMs(1, () => 1)).toBe(36_000);
  });

  it('retries for three days and then gives up', () => {
    const start = new Date('2026-12-01T00:00:00Z');
    const until = new Date(start.getTime() + RETRY_WINDOW_MS);
    let at = start;
    let attempts = 1;
    for (;;) {
      const next = nextAttemptAt(attempts, at, until, () => 0.5);
      if (!next) break;
      at = next;
      attempts++;
    }
    expect(attempts).toBeGreaterThan(15);
    expect(attempts).toBeLessThan(30);
    expect(until.getTime() - at.getTime()).toBeLessThan(6 * HOUR);
  });

  it('switches an endpoint off after three days of failure, or when a delivery has used up its retries', () => {
    const now = new Date('2026-12-04T00:00:00Z');
    expect(failedTooLong(null, now)).toBe(false);
    expect(failedTooLong(new Date(now.getTime() - 3 * DAY).toISOString(), now)).toBe(true);
    expect(failedTooLong(new Date(now.getTime() - 3 * DAY + 4 * HOUR).toISOString(), now)).toBe(false);
    expect(failedTooLong(new Date(now.getTime() - 3 * DAY + 4 * HOUR).toISOString(), now, true)).toBe(true);
    expect(failedTooLong(new Date(now.getTime() - DAY).toISOString(), now, true)).toBe(false);
  });
});

describe('endpoint addresses', () => {
  it('accepts a public https address and names what is wrong with others', () => {
    expect(endpointUrlProblem('https://hooks.example.org/guildhall')).toBeNull();
    expect(endpointUrlProblem('https://93.184.215.14/in')).toBeNull();
    expect(endpointUrlProblem('ftp://hooks.example.org/')).toMatch(/https/);
    expect(endpointUrlProblem('https://192.168.1.10/')).toMatch(/private/);
    expect(endpointUrlProblem('https://[::ffff:127.0.0.1]/')).toMatch(/127\.0\.0\.1/);
    expect(endpointUrlProblem('https://printer.local/')).toMatch(/local host name/);
    expect(endpointUrlProblem('not a url')).toMatch(/full https address/);
  });
});
