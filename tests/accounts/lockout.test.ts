import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE } from '../../server/platform/clock.js';
import { accountsRepository } from '../../server/modules/accounts/accounts.repository.js';
import { attemptBounds, policy } from '../../server/modules/accounts/accounts.rules.js';
import { sha256 } from '../../server/platform/secrets.js';
import { auditEntries, call, makeUser, PASSWORD } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';

/* The sign-in lock holds under concurrent attempts: each attempt is counted atomically before its password is checked. */

let app: TestApp;
beforeAll(async () => {
  app = await testApp();
});
afterAll(async () => {
  await app?.close();
});

const signIn = (email: string, password: string) => call(app, { method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password } });
const statuses = (rs: Array<{ statusCode: number }>) => rs.map((r) => r.statusCode);

describe('20 simultaneous sign-in attempts', () => {
  it('check at most 5 passwords, lock the rest out, and the right password after the lock is refused', async () => {
    await makeUser(app, { email: 'besieged@example.org' });
    // The right password is sent last, as the member would after the guesses.
    const passwords = Array.from({ length: 20 }, (_, i) => (i === 19 ? PASSWORD : `wrong passphrase ${i}`));
    const answers = await Promise.all(passwords.map((pw) => signIn('besieged@example.org', pw)));
    const s = statuses(answers);
    // Every attempt whose password was checked answers 401 or 200; the others were refused unchecked.
    const checked = s.filter((x) => x === 401 || x === 200).length;
    expect(checked).toBeLessThanOrEqual(policy.throttleMaxFailures);
    expect(checked).toBeGreaterThan(0);
    expect(s.filter((x) => x === 429)).toHaveLength(20 - checked);
    expect(s.every((x) => [200, 401, 429].includes(x))).toBe(true);
    for (const r of answers.filter((a) => a.statusCode === 429)) expect(r.json().error.code).toBe('TOO_MANY_ATTEMPTS');
    const failed = (await auditEntries(app, 'auth.sign_in_failed')).filter((e) => e.subject_id !== null);
    expect(failed.length).toBeLessThanOrEqual(policy.throttleMaxFailures);

    const after = await signIn('besieged@example.org', PASSWORD);
    expect(after.statusCode).toBe(429);
    expect(after.json().error.code).toBe('TOO_MANY_ATTEMPTS');
    app.clock.advance(policy.lockMs);
    expect((await signIn('besieged@example.org', PASSWORD)).statusCode).toBe(200);
  });

  it('against an unknown address check at most 5 and lock it the same way', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn('nobody-here@example.org', `guess ${i} of twenty`)));
    const s = statuses(answers);
    expect(s.filter((x) => x === 401).length).toBeLessThanOrEqual(policy.throttleMaxFailures);
    expect(s.filter((x) => x === 401).length + s.filter((x) => x === 429).length).toBe(20);
    for (const r of answers.filter((a) => a.statusCode === 429)) expect(r.json().error.code).toBe('TOO_MANY_ATTEMPTS');
    expect((await signIn('nobody-here@example.org', 'one more guess')).statusCode).toBe(429);
  });

  it('a right password racing guesses does not forgive them', async () => {
    await makeUser(app, { email: 'raced@example.org' });
    const repo = accountsRepository();
    const key = sha256('sign-in:raced@example.org');
    const db = app.platform.database.db;
    const mine = await repo.countAttempt(db, key, attemptBounds(app.clock.now()));
    await repo.countAttempt(db, key, attemptBounds(app.clock.now())); // a guess counted while the member's password is checked
    await repo.resetAttempts(db, key, mine.attempts, app.clock.now().toISOString());
    expect((await db.selectFrom('sign_in_throttle').select('failures').where('key', '=', key).executeTakeFirstOrThrow()).failures).toBe(2);
  });

  it('a right password within the allowance resets the count; five more wrong then lock again', async () => {
    await makeUser(app, { email: 'forgetful@example.org' });
    for (let i = 0; i < 4; i++) expect((await signIn('forgetful@example.org', `wrong passphrase ${i}`)).statusCode).toBe(401);
    expect((await signIn('forgetful@example.org', PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) expect((await signIn('forgetful@example.org', `wrong passphrase ${i}`)).statusCode).toBe(401);
    expect((await signIn('forgetful@example.org', PASSWORD)).statusCode).toBe(429);
  });
});

describe('the counting statement against a model of the rule', () => {
  // The model: a fresh window when the last has passed or the lock has ended; past the allowance, a lock.
  type State = { attempts: number; windowStartedAt: number; lockedUntil: number | null } | null;
  function model(s: State, now: number): NonNullable<State> {
    const fresh = !s || (s.lockedUntil !== null ? s.lockedUntil <= now : s.windowStartedAt <= now - policy.throttleWindowMs);
    if (fresh) return { attempts: 1, windowStartedAt: now, lockedUntil: null };
    const attempts = s.attempts + 1;
    return { attempts, windowStartedAt: s.windowStartedAt, lockedUntil: s.lockedUntil ?? (attempts > policy.throttleMaxFailures ? now + policy.lockMs : null) };
  }

  it('returns the count and lock the model predicts, for random sequences of attempts in time', async () => {
    const repo = accountsRepository();
    const db = app.platform.database.db;
    const t0 = Date.parse('2026-12-01T08:00:00.000Z');
    let run = 0;
    let locks = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 20 * MINUTE }), { minLength: 1, maxLength: 14 }), async (gaps) => {
        const key = `model-${run++}`;
        let s: State = null;
        let now = t0;
        for (const gap of gaps) {
          // Mostly close together (inside a window), sometimes far apart.
          now += gap % 3 === 0 ? gap : Math.floor(gap / 20);
          s = model(s, now);
          const got = await repo.countAttempt(db, key, attemptBounds(new Date(now)));
          expect(got).toEqual({ attempts: s.attempts, lockedUntil: s.lockedUntil === null ? null : new Date(s.lockedUntil).toISOString() });
          if (s.lockedUntil !== null) locks++;
        }
      }),
      { numRuns: 40, seed: 14 },
    );
    expect(locks).toBeGreaterThan(0);
  });
});
