import { words } from '../../register/register.rules.js';

/*
 * What candidate search shows of a holder who chose to list it (pure). Certifications are matched by
 * their title's folded words, so "ITIL® 4 Foundation" and "itil 4 foundation" are the same key.
 */

export const certificationKey = (title: string): string => words(title).join(' ');

type Item = { kind: string; data: string };

/** The holder's certification titles (one per key, first spelling kept, sorted by key). */
export function certificationsOf(items: readonly Item[]): Array<{ key: string; title: string }> {
  const byKey = new Map<string, string>();
  for (const i of items) {
    if (i.kind !== 'certification') continue;
    const title = (JSON.parse(i.data) as { title?: unknown }).title;
    if (typeof title !== 'string') continue;
    const key = certificationKey(title);
    if (key && !byKey.has(key)) byKey.set(key, title.trim());
  }
  return [...byKey].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([key, title]) => ({ key, title }));
}

/**
 * The highest responsibility level among the holder's current roles (no end date, or one not yet
 * passed on `today`, YYYY-MM-DD); null when they have none.
 */
export function currentResponsibility(items: readonly Item[], today: string): number | null {
  let best: number | null = null;
  for (const i of items) {
    if (i.kind !== 'work') continue;
    const w = JSON.parse(i.data) as { startOn?: string; endOn?: string | null; responsibilityLevel?: number };
    if (typeof w.responsibilityLevel !== 'number') continue;
    if (w.startOn && w.startOn > today) continue;
    if (w.endOn && w.endOn < today) continue;
    best = Math.max(best ?? 0, w.responsibilityLevel);
  }
  return best;
}

/** Keyset cursor over (sort name, holder id), as the register's own. */
export type CandidateCursor = { sortName: string; holderId: string };

export const encodeCandidateCursor = (c: CandidateCursor): string => Buffer.from(JSON.stringify(['c', c.sortName, c.holderId])).toString('base64url');

export function decodeCandidateCursor(s: string): CandidateCursor | null {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 3 && v[0] === 'c' && typeof v[1] === 'string' && typeof v[2] === 'string') return { sortName: v[1], holderId: v[2] };
  } catch {
    // a damaged cursor is refused below
  }
  return null;
}

/** When the oldest message of the last day stops counting against the limit. */
export function allowanceOf(sentTimes: readonly string[], limit: number, suspended: boolean, dayMs = 86_400_000) {
  const oldest = [...sentTimes].sort()[0];
  return { limit, sent: sentTimes.length, resetsAt: oldest ? new Date(Date.parse(oldest) + dayMs).toISOString() : null, suspended };
}
