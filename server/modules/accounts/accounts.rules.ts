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

export type ThrottleState = { failures: number; windowStartedAt: string; lockedUntil: string | null };

/** Whether sign-in attempts for this key are locked at `now`. */
export function isLocked(state: ThrottleState | null, now: Date): boolean {
  return !!state?.lockedUntil && new Date(state.lockedUntil) > now;
}

/** The throttle state after a failed attempt: a lock after too many failures in the window. */
export function afterFailure(state: ThrottleState | null, now: Date): ThrottleState {
  const windowOpen = state && now.getTime() - new Date(state.windowStartedAt).getTime() < policy.throttleWindowMs;
  const failures = windowOpen ? state.failures + 1 : 1;
  const windowStartedAt = windowOpen ? state.windowStartedAt : now.toISOString();
  const lockedUntil =
    failures >= policy.throttleMaxFailures ? new Date(now.getTime() + policy.lockMs).toISOString() : null;
  return { failures: lockedUntil ? 0 : failures, windowStartedAt: lockedUntil ? now.toISOString() : windowStartedAt, lockedUntil };
}

/** A one-time token is usable while unused and unexpired. */
export function tokenUsable(token: { used_at: string | null; expires_at: string }, now: Date): boolean {
  return token.used_at === null && new Date(token.expires_at) > now;
}
