import type { CheckInBody } from './api.js';

/*
 * The scans not yet answered by the server, kept in the browser's storage so that a reload, a lost
 * connection or a closed tab loses none. Each scan keeps the nonce it was made with: sending it again is
 * safe (the server answers a repeated nonce with its first answer), so the queue simply retries until an
 * answer comes, waiting longer after each failure.
 */

export type QueuedScan = {
  eventId: string;
  body: CheckInBody & { nonce: string };
  /** What the page told the scanner when the scan was made offline (name, or why it was refused). */
  shown: string;
  attempts: number;
  /** Not before this time (ms since the epoch). */
  nextAt: number;
};

const KEY = 'guildhall.checkin.queue';

function read(): QueuedScan[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as QueuedScan[]) : [];
  } catch {
    return [];
  }
}

const write = (items: QueuedScan[]) => localStorage.setItem(KEY, JSON.stringify(items));

export const queued = (eventId: string) => read().filter((s) => s.eventId === eventId);

/** Keeps a scan (replacing one with its nonce); `nextAt` holds the timer off while the page sends it itself. */
export function enqueue(scan: Omit<QueuedScan, 'attempts' | 'nextAt'>, nextAt = 0): void {
  write([...read().filter((s) => s.body.nonce !== scan.body.nonce), { ...scan, attempts: 0, nextAt }]);
}

export const settle = (nonce: string) => write(read().filter((s) => s.body.nonce !== nonce));

/** After a failed send: 2 s, 4 s, 8 s … at most a minute, with a little jitter so scanners spread out. */
export function backOff(nonce: string, now: number): void {
  write(
    read().map((s) => {
      if (s.body.nonce !== nonce) return s;
      const attempts = s.attempts + 1;
      return { ...s, attempts, nextAt: now + Math.min(60_000, 1000 * 2 ** attempts) + Math.floor(Math.random() * 500) };
    }),
  );
}

/** Every queued scan is due at once (the network came back). */
export const makeDue = () => write(read().map((s) => ({ ...s, nextAt: 0 })));

export const due = (eventId: string, now: number) => queued(eventId).filter((s) => s.nextAt <= now);
