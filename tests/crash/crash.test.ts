import { describe, expect, it } from 'vitest';
import { testDialect } from '../support/app.js';
import { runCrashDrill } from '../support/crash.js';

describe('kill -9 under concurrent creating writes', () => {
  it('loses no acknowledged write and duplicates none when unanswered requests are retried with their Idempotency-Keys', async () => {
    const report = await runCrashDrill({ dialect: testDialect, postgresUrl: process.env.GUILDHALL_TEST_DATABASE_URL, cycles: 3 });
    expect(report.acknowledged).toBe(report.requests);
    expect(report.lost).toBe(0);
    expect(report.duplicates).toBe(0);
    expect(report.rows).toBe(report.requests);
    // Each cycle killed the server with requests in flight, so there was something to retry.
    expect(report.retried).toBeGreaterThanOrEqual(3);
  }, 240_000);
});
