import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MINUTE } from '../../platform/clock.js';
import { attemptBounds, attemptVerdict, passwordProblems, policy, tokenUsable } from './accounts.rules.js';

const t0 = new Date('2026-11-25T10:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('passwordProblems', () => {
  it.each([
    { password: 'short', ok: false, why: 'under 12 characters' },
    { password: 'elevenchars', ok: false, why: '11 characters' },
    { password: 'twelve chars', ok: true, why: 'exactly 12 characters' },
    { password: 'correct horse battery staple', ok: true, why: 'a passphrase' },
    { password: 'password1234', ok: false, why: 'a common password' },
    { password: 'PASSWORD1234', ok: false, why: 'a common password in capitals' },
    { password: 'aaaaaaaaaaaaaaaa', ok: false, why: 'one character repeated' },
    { password: 'ümlautsüßéà€', ok: true, why: '12 code points of non-ASCII' },
    { password: '😀😀😀😀😀😀😀😀😀😀😀', ok: false, why: '11 emoji: code points, not UTF-16 units, are counted' },
  ])('$why → ok=$ok', ({ password, ok }) => {
    expect(passwordProblems(password, {}).length === 0).toBe(ok);
  });

  it('refuses a password containing the local part of the e-mail address', () => {
    expect(passwordProblems('xx-janedoe-2026-yy', { email: 'janedoe@example.org' })).toContain('Do not use your e-mail address in your password.');
    expect(passwordProblems('xx-JANEDOE-2026-yy', { email: 'janedoe@example.org' }).length).toBeGreaterThan(0);
    // Very short local parts would forbid too much; they are ignored.
    expect(passwordProblems('a perfectly good jo phrase', { email: 'jo@example.org' })).toEqual([]);
  });

  it('lists every problem, not just the first', () => {
    expect(passwordProblems('aaaa', {})).toHaveLength(2);
  });

  it('property: any string of at least 12 distinct-enough code points without the e-mail is accepted', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-ascii', minLength: 12, maxLength: 60 }), (pw) => {
        fc.pre(!/^(.)\1+$/.test(pw) && !['password1234', '123456789012'].includes(pw.toLowerCase()));
        fc.pre(!pw.toLowerCase().includes('someone'));
        const problems = passwordProblems(pw, { email: 'someone@example.org' });
        // Only the common-password list may still object.
        expect(problems.every((p) => p.includes('too common'))).toBe(true);
      }),
    );
  });

  it('property: anything shorter than 12 code points is refused', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 11, unit: 'binary' }), (pw) => {
        fc.pre([...pw].length < 12);
        expect(passwordProblems(pw, {})).toContain('Use at least 12 characters.');
      }),
      { numRuns: 300 },
    );
  });
});

describe('attemptBounds and attemptVerdict', () => {
  it('bounds an attempt by the window behind it and the lock ahead of it', () => {
    expect(attemptBounds(at(0))).toEqual({
      now: t0.toISOString(),
      windowStartedBefore: at(-policy.throttleWindowMs).toISOString(),
      lockUntil: at(policy.lockMs).toISOString(),
      allowance: 5,
    });
  });

  it.each([
    { attempts: 1, lockedUntil: null, verdict: 'check' },
    { attempts: 5, lockedUntil: null, verdict: 'check' },
    { attempts: 6, lockedUntil: null, verdict: 'locked' },
    { attempts: 6, lockedUntil: at(1).toISOString(), verdict: 'locked' },
    { attempts: 2, lockedUntil: at(1).toISOString(), verdict: 'locked' },
    { attempts: 1, lockedUntil: t0.toISOString(), verdict: 'check' },
  ])('$attempts attempts, locked until $lockedUntil → $verdict', ({ attempts, lockedUntil, verdict }) => {
    expect(attemptVerdict({ attempts, lockedUntil }, t0)).toBe(verdict);
  });

  it('property: exactly the attempts within the allowance are checked, unless locked', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.option(fc.integer({ min: -1e6, max: 1e6 })), (attempts, lockOffset) => {
        const lockedUntil = lockOffset === null ? null : at(lockOffset).toISOString();
        const expected = attempts <= policy.throttleMaxFailures && (lockOffset === null || lockOffset <= 0) ? 'check' : 'locked';
        expect(attemptVerdict({ attempts, lockedUntil }, t0)).toBe(expected);
      }),
    );
  });
});

describe('tokenUsable', () => {
  it.each([
    { used_at: null, expires_at: at(1).toISOString(), usable: true, why: 'unused, expires in 1 ms' },
    { used_at: null, expires_at: t0.toISOString(), usable: false, why: 'expires exactly now' },
    { used_at: null, expires_at: at(-1).toISOString(), usable: false, why: 'expired' },
    { used_at: at(-5).toISOString(), expires_at: at(MINUTE).toISOString(), usable: false, why: 'already used' },
  ])('$why → $usable', ({ used_at, expires_at, usable }) => {
    expect(tokenUsable({ used_at, expires_at }, t0)).toBe(usable);
  });

  it('property: usable exactly when unused and expiry is in the future', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.integer({ min: -1e9, max: 1e9 }), (used, offset) => {
        const token = { used_at: used ? t0.toISOString() : null, expires_at: at(offset).toISOString() };
        expect(tokenUsable(token, t0)).toBe(!used && offset > 0);
      }),
    );
  });
});
