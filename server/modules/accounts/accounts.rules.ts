import { DAY, HOUR, MINUTE } from '../../platform/clock.js';

export const policy = {
  verifyEmailTtlMs: 2 * DAY,
  resetPasswordTtlMs: HOUR,
  throttleWindowMs: 15 * MINUTE,
  throttleMaxFailures: 5,
  lockMs: 15 * MINUTE,
  sessionTouchMs: 5 * MINUTE,
};

// The most common passwords of at least 12 characters in public breach corpora; a short list
// catches the obvious ones without shipping a large file.
const common = new Set([
  'password1234', '123456789012', '1234567890123', 'qwertyuiop12', 'qwertyuiopas', 'password12345',
  'iloveyou1234', 'administrator', 'welcome12345', 'letmein12345', 'passwordpassword', '000000000000',
  '111111111111', 'abcdefghijkl', 'abc123abc123', 'qwerty123456', 'football1234', 'guildhall123',
  'changeme1234', 'password123!', 'Password1234', 'Password123!',
]);

/** Problems with a proposed password; empty when acceptable. */
export function passwordProblems(password: string, context: { email?: string; name?: string }): string[] {
  const problems: string[] = [];
  const lower = password.toLowerCase();
  if ([...password].length < 12) problems.push('Use at least 12 characters.');
  if (common.has(password) || common.has(lower)) problems.push('This password is too common; choose another.');
  if (/^(.)\1+$/.test(password)) problems.push('Do not repeat one character.');
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) problems.push('Do not use your e-mail address in your password.');
  return problems;
}

/**
 * Sign-in attempts per address are counted in the database before any password is checked, in one atomic
 * statement, so concurrent attempts cannot all pass: the count it returns decides. An attempt starts a fresh
 * window when the last one has passed (or the lock has ended); within a window, the attempt that goes past the
 * allowance locks the address for `lockMs`, and every attempt while locked is refused unchecked.
 */
export type AttemptBounds = {
  /** ISO time of the attempt. */
  now: string;
  /** A window that started at or before this has passed. */
  windowStartedBefore: string;
  /** The lock an attempt past the allowance sets. */
  lockUntil: string;
  /** Attempts whose password is checked in one window. */
  allowance: number;
};
export function attemptBounds(now: Date): AttemptBounds {
  return {
    now: now.toISOString(),
    windowStartedBefore: new Date(now.getTime() - policy.throttleWindowMs).toISOString(),
    lockUntil: new Date(now.getTime() + policy.lockMs).toISOString(),
    allowance: policy.throttleMaxFailures,
  };
}

/** What the counted attempt may do: have its password checked, or be refused as locked. */
export function attemptVerdict(counted: { attempts: number; lockedUntil: string | null }, now: Date): 'check' | 'locked' {
  if (counted.lockedUntil !== null && new Date(counted.lockedUntil) > now) return 'locked';
  return counted.attempts <= policy.throttleMaxFailures ? 'check' : 'locked';
}

/** A one-time token is usable while unused and unexpired. */
export function tokenUsable(token: { used_at: string | null; expires_at: string }, now: Date): boolean {
  return token.used_at === null && new Date(token.expires_at) > now;
}
