import { ApiError } from '../../../api.js';
import type { CheckInAnswer, CheckInBody } from './api.js';
import { checkinApi } from './api.js';
import { backOff, due, settle } from './queue.js';

/*
 * Sending scans: what counts as "try again later" (no network, the server busy or away) and what is a
 * final answer. Every scan is in the queue before it is sent, so a page closed mid-request loses nothing.
 */

/** Failures worth retrying: no connection, a timeout, the server away or busy, the same nonce in flight. */
export const retryable = (err: unknown) => !(err instanceof ApiError) || err.status === 0 || err.status >= 500 || err.status === 409 || err.status === 429 || err.status === 401;

/** "1.<event>.<registration>.<signature>" is a code; anything else typed is a reference. */
export function scanOf(text: string): Pick<CheckInBody, 'code' | 'reference'> {
  const t = text.trim();
  return t.startsWith('1.') && t.split('.').length === 4 ? { code: t } : { reference: t };
}

export function newNonce(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** Sends every due scan of the queue once; answers settled ones, backs off the rest. */
export async function flushQueue(eventId: string, onSettled: (a: CheckInAnswer) => void, onDropped: (message: string) => void): Promise<void> {
  for (const s of due(eventId, Date.now())) {
    try {
      const answer = await checkinApi.scan(eventId, s.body);
      settle(s.body.nonce);
      onSettled(answer);
    } catch (err) {
      if (retryable(err)) {
        backOff(s.body.nonce, Date.now());
        // The network is still away: the rest would fail the same way.
        if (!(err instanceof ApiError) || err.status === 0) return;
      } else {
        settle(s.body.nonce);
        onDropped((err as ApiError).message);
      }
    }
  }
}
