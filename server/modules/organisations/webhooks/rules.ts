import { DAY, HOUR, MINUTE } from '../../../platform/clock.js';

/** Automatic retries of a delivery stop this long after it was queued; an endpoint failing this long is switched off. */
export const RETRY_WINDOW_MS = 3 * DAY;
/** A rotated secret keeps signing beside the new one this long, so receivers can switch without losing deliveries. */
export const ROTATION_OVERLAP_MS = 1 * DAY;
export const SEND_TIMEOUT_MS = 10_000;

/**
 * The wait before retry `attempt` (1 = after the first failure): 30 s doubling each time, at most 6 hours,
 * with ±20% jitter so an endpoint that comes back is not hit by every delivery at once. Over the three
 * days that makes about twenty attempts.
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(6 * HOUR, 30_000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** When a failed attempt is retried, or null when the retry window has closed (the delivery fails). */
export function nextAttemptAt(attempts: number, now: Date, retryUntil: Date, random: () => number = Math.random): Date | null {
  const at = new Date(now.getTime() + retryDelayMs(attempts, random));
  return at.getTime() > retryUntil.getTime() ? null : at;
}

/**
 * Whether an endpoint whose deliveries have failed since `failingSince` is to be switched off: after three
 * days, or when a delivery has just used up its three days of retries (its last retry falls up to one
 * maximal wait, 6 h + 20%, short of the three days) with no success since.
 */
export const failedTooLong = (failingSince: string | null, now: Date, deliveryGaveUp = false): boolean =>
  failingSince !== null && now.getTime() - new Date(failingSince).getTime() >= RETRY_WINDOW_MS - (deliveryGaveUp ? 8 * HOUR : 0);

/** The status of a credential the event reports. */
export const statusAfter = (type: string): string =>
  type === 'credential.suspended' ? 'suspended' : type === 'credential.revoked' ? 'revoked' : type === 'credential.lapsed' ? 'lapsed' : 'active';

export const JOB_KIND = 'webhooks.deliver';
export const SWEEP_EVERY_MS = 30_000;
export const CLAIM_LEASE_MS = 2 * MINUTE;
