import type { Tx } from '../../../db/database.js';
import { dataOf } from '../../portfolio/portfolio.repository.js';
import { dayIn } from './credits.rules.js';

/*
 * What closing adds to members' portfolios, without re-typing. A confirmed speaker's talk becomes a
 * "contribution" item of type talk (the scheme's talk points count it), with an evidence link saying the
 * body confirmed it; an attendee's credential of attendance becomes an evidence link they can attach to
 * any item. Ids are made from the event, session and member, so a re-close adds nothing twice, and the
 * "event-" prefix marks an item or link as written from the event's records (verified), not by the member.
 */

export const talkItemId = (sessionId: string, userId: string) => `event-talk-${sessionId}-${userId}`;
export const attendanceEvidenceId = (eventId: string, userId: string) => `event-attendance-${eventId}-${userId}`;

/** A talk item and its confirming evidence link for each confirmed speaker (with an account) of each session closed. */
export async function addTalks(
  tx: Tx,
  input: {
    event: { slug: string; title: string; time_zone: string };
    sessions: ReadonlyArray<{ id: string; title: string; starts_at: string; cpd_quarters: number }>;
    speakers: ReadonlyArray<{ session_id: string; user_id: string }>;
    bodyName: string;
    publicUrl: string;
    now: Date;
  },
): Promise<void> {
  const at = input.now.toISOString();
  const byId = new Map(input.sessions.map((s) => [s.id, s]));
  const link = `${input.publicUrl}/events/${encodeURIComponent(input.event.slug)}`;
  for (const sp of input.speakers) {
    const s = byId.get(sp.session_id);
    if (!s) continue;
    const id = talkItemId(s.id, sp.user_id);
    const date = dayIn(input.event.time_zone, s.starts_at);
    const item = { id, kind: 'contribution' as const, type: 'talk' as const, title: `${s.title} (${input.event.title})`.slice(0, 200), date, link };
    const inserted = await tx
      .insertInto('portfolio_items')
      .values({ id, member_id: sp.user_id, kind: 'contribution', data: dataOf(item), created_at: at, updated_at: at })
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) continue;
    const evidenceId = `event-speaker-${s.id}-${sp.user_id}`;
    await tx
      .insertInto('evidence')
      .values({ id: evidenceId, member_id: sp.user_id, kind: 'link', title: `Verified by ${input.bodyName}: confirmed speaker at ${input.event.title} on ${date}`.slice(0, 200), file_sha256: null, url: link, created_at: at })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    await tx.insertInto('evidence_links').values({ evidence_id: evidenceId, item_id: id }).onConflict((oc) => oc.columns(['evidence_id', 'item_id']).doNothing()).execute();
  }
}

/** The attendee's credential of attendance as a portfolio evidence link (kept pointing at the current credential). */
export async function addAttendanceEvidence(tx: Tx, rows: ReadonlyArray<{ eventId: string; userId: string; eventTitle: string; verifyUrl: string }>, now: Date): Promise<void> {
  const at = now.toISOString();
  for (let i = 0; i < rows.length; i += 200)
    await tx
      .insertInto('evidence')
      .values(rows.slice(i, i + 200).map((r) => ({ id: attendanceEvidenceId(r.eventId, r.userId), member_id: r.userId, kind: 'link' as const, title: `Credential of attendance: ${r.eventTitle}`.slice(0, 200), file_sha256: null, url: r.verifyUrl, created_at: at })))
      .onConflict((oc) => oc.column('id').doUpdateSet((eb) => ({ url: eb.ref('excluded.url'), title: eb.ref('excluded.title') })))
      .execute();
}

/** The evidence link of a credential revoked with nothing in its place: kept (items may cite it), and titled as withdrawn; its address shows the revocation. */
export async function withdrawAttendanceEvidence(tx: Tx, rows: ReadonlyArray<{ eventId: string; userId: string; eventTitle: string }>): Promise<void> {
  for (const r of rows)
    await tx
      .updateTable('evidence')
      .set({ title: `Credential of attendance (withdrawn): ${r.eventTitle}`.slice(0, 200) })
      .where('id', '=', attendanceEvidenceId(r.eventId, r.userId))
      .execute();
}
