/*
 * Room and speaker clashes of a session with the rest of its event's programme. Pure: the caller loads the
 * event's scheduled sessions (clash.ts) and refuses the change naming the clash.
 */

export type Slot = {
  id: string;
  title: string;
  roomId: string | null;
  startsAt: string; // UTC ISO
  endsAt: string;
  /** The speakers, each as `user:<id>` or `email:<lower-case address>`. */
  speakers: string[];
};

export type Clash = { kind: 'room' | 'speaker'; sessionId: string; title: string; speaker?: string };

const overlaps = (a: Slot, b: Slot) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;

/** Every clash of `candidate` with the other sessions (a session never clashes with itself). */
export function clashesOf(candidate: Slot, others: readonly Slot[]): Clash[] {
  const out: Clash[] = [];
  for (const o of others) {
    if (o.id === candidate.id || !overlaps(candidate, o)) continue;
    if (candidate.roomId && o.roomId === candidate.roomId) out.push({ kind: 'room', sessionId: o.id, title: o.title });
    const shared = candidate.speakers.find((s) => o.speakers.includes(s));
    if (shared) out.push({ kind: 'speaker', sessionId: o.id, title: o.title, speaker: shared });
  }
  return out;
}

/** A speaker's key for clash checks: a member by account, a guest by address. */
export const speakerKey = (s: { userId?: string | null; email: string }) => (s.userId ? `user:${s.userId}` : `email:${s.email.trim().toLowerCase()}`);
