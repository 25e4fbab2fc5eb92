import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MINUTE } from '../../platform/clock.js';
import { afterFailure, isLocked, passwordProblems, policy, type ThrottleState, tokenUsable } from './accounts.rules.js';

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

describe('afterFailure and isLocked', () => {
  it('locks on the fifth failure within 15 minutes, for 15 minutes', () => {
    let s: ThrottleState | null = null;
    for (let i = 1; i <= 4; i++) {
      s = afterFailure(s, at(i * MINUTE));
      expect(s.failures).toBe(i);
      expect(isLocked(s, at(i * MINUTE))).toBe(false);
    }
    s = afterFailure(s, at(5 * MINUTE));
    expect(isLocked(s, at(5 * MINUTE))).toBe(true);
    expect(s.lockedUntil).toBe(at(5 * MINUTE + policy.lockMs).toISOString());
    expect(isLocked(s, at(5 * MINUTE + policy.lockMs - 1))).toBe(true);
    expect(isLocked(s, at(5 * MINUTE + policy.lockMs))).toBe(false);
  });

  it('starts a new window when the old one has passed', () => {
    let s: ThrottleState | null = null;
    for (let i = 0; i < 4; i++) s = afterFailure(s, at(i * MINUTE));
    const later = afterFailure(s, at(15 * MINUTE));
    expect(later).toEqual({ failures: 1, windowStartedAt: at(15 * MINUTE).toISOString(), lockedUntil: null });
    expect(isLocked(later, at(15 * MINUTE))).toBe(false);
  });

  it.each([
    { state: null, locked: false },
    { state: { failures: 3, windowStartedAt: t0.toISOString(), lockedUntil: null }, locked: false },
    { state: { failures: 0, windowStartedAt: t0.toISOString(), lockedUntil: at(1).toISOString() }, locked: true },
    { state: { failures: 0, windowStartedAt: t0.toISOString(), lockedUntil: t0.toISOString() }, locked: false },
  ])('isLocked($state) at t0 is $locked', ({ state, locked }) => {
    expect(isLocked(state, t0)).toBe(locked);
  });

  it('property: fewer than 5 failures inside one window never lock; 5 always do', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: policy.throttleWindowMs - 1 }), { minLength: 5, maxLength: 5 }), (offsets) => {
        const times = [...offsets].sort((a, b) => a - b).map(at);
        let s: ThrottleState | null = null;
        times.forEach((time, i) => {
          s = afterFailure(s, time);
          expect(isLocked(s, time)).toBe(i === 4);
        });
      }),
    );
  });

  it('property: failures spaced at least a window apart never lock', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: policy.throttleWindowMs, max: 10 * policy.throttleWindowMs }), { minLength: 1, maxLength: 30 }), (gaps) => {
        let s: ThrottleState | null = null;
        let now = t0.getTime();
        for (const gap of gaps) {
          now += gap;
          s = afterFailure(s, new Date(now));
          expect(s.failures).toBe(1);
          expect(isLocked(s, new Date(now))).toBe(false);
        }
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
