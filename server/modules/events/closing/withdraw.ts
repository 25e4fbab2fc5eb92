import type { Tx } from '../../../db/database.js';
import { type AuditContext, audit } from '../../../platform/audit.js';
import { enqueue } from '../../../platform/jobs/queue.js';
import { queueMail } from '../../../platform/mail/outbox.js';
import { withdrawEventCredits } from '../../cpd/event-credits.js';
import { closingRepository as repo } from './closing.repository.js';
import { creditKey, itemsOf, programme, quartersOf } from './credits.rules.js';
import { ATTENDANCE_JOB } from './issue.js';

/*
 * Taking back what a check-in earned once it no longer stands: an organiser undid it after its session (or,
 * for a door day, the event) was closed, or a re-close finds a recorded item no live check-in backs. The CPD
 * credit is withdrawn through the cpd module, the item leaves the person's attendance record, the withdrawal
 * is audited and the member is told why; the credentials job then supersedes their credential of attendance
 * (or revokes it when nothing is left). Each item is taken back once: it is gone from the record afterwards.
 */

type Event = { id: string; title: string };
export type TakeBack = { userId: string; items: string[] };

const hoursText = (q: number) => String(q / 4);

/** The CPD credits, the audit entry and the mail of each person's withdrawn items, in the caller's transaction. */
export async function takeBack(
  tx: Tx,
  input: { event: Event; people: readonly TakeBack[]; titleOf: (item: string) => string; reason: string; by: AuditContext; publicUrl: string; now: Date },
): Promise<string[]> {
  const { event, now } = input;
  const people = input.people.filter((x) => x.items.length > 0);
  if (people.length === 0) return [];
  const withdrawn = await withdrawEventCredits(tx, people.flatMap((x) => x.items.map((i) => creditKey(event.id, x.userId, i))), now);
  const users = new Map((await tx.selectFrom('users').select(['id', 'name', 'email']).where('id', 'in', people.map((x) => x.userId)).execute()).map((u) => [u.id, u]));
  for (const x of people) {
    const credits = withdrawn.filter((w) => w.memberId === x.userId);
    const quarters = credits.reduce((a, w) => a + w.quarters, 0);
    await audit(
      tx,
      input.by,
      { action: 'events.credit_withdrawn', subjectType: 'user', subjectId: x.userId, details: { eventId: event.id, items: x.items, credits: credits.map((w) => w.key), hours: quarters / 4, reason: input.reason } },
      now,
    );
    const u = users.get(x.userId);
    if (u)
      await queueMail(
        tx,
        u.email,
        'event_credit_withdrawn',
        { name: u.name, eventTitle: event.title, what: x.items.map((i) => `- ${input.titleOf(i)}`).join('\n'), hours: hoursText(quarters), reason: input.reason, link: `${input.publicUrl}/cpd` },
        now,
      );
  }
  return people.map((x) => x.userId);
}

/**
 * Serialises a close and an undo of the same event on PostgreSQL (SQLite runs one writer at a time): without
 * it a close could read a check-in as live while an undo commits, and credit what the undo meant to take back.
 */
export async function lockForClosing(tx: Tx, dialect: 'sqlite' | 'postgres', eventId: string): Promise<void> {
  if (dialect === 'postgres') await tx.selectFrom('events').select('id').where('id', '=', eventId).forUpdate().execute();
}

/** How a recorded item reads in a mail: a session's title, or the door day. */
export function itemTitles(sessions: ReadonlyMap<string, { title: string }>) {
  return (item: string) => (item.startsWith('door:') ? `Attendance on ${item.slice(5)}` : (sessions.get(item)?.title ?? 'A session'));
}

/**
 * After an organiser undid a check-in (in the same transaction): when what it earned was already credited
 * (its session closed, or its door day at a closed event) and no other live check-in backs it, takes it
 * back. Answers the member to recheck once committed, or null when nothing had been credited.
 */
export async function withdrawUndone(
  tx: Tx,
  input: { eventId: string; listId: string; registrationId: string; reason: string; by: AuditContext; publicUrl: string; now: Date },
): Promise<{ memberId: string } | null> {
  const { eventId, now } = input;
  const [event, list, reg] = await Promise.all([
    repo.event(tx, eventId),
    tx.selectFrom('event_checkin_lists').select(['kind', 'day', 'session_id']).where('id', '=', input.listId).executeTakeFirst(),
    tx.selectFrom('event_registrations').select('user_id').where('id', '=', input.registrationId).executeTakeFirst(),
  ]);
  if (!event || !list || !reg) return null;
  const sessions = await repo.sessions(tx, eventId);
  let item: string;
  if (list.kind === 'session' && list.session_id) {
    if (!sessions.find((s) => s.id === list.session_id)?.closed_at) return null;
    item = list.session_id;
  } else if (list.kind === 'door' && list.day) {
    if (event.status !== 'closed') return null;
    item = `door:${list.day}`;
  } else return null;
  const still = await tx.selectFrom('event_checkins').select('id').where('list_id', '=', input.listId).where('registration_id', '=', input.registrationId).where('undone_at', 'is', null).executeTakeFirst();
  if (still) return null;
  const row = await repo.attendanceOf(tx, eventId, reg.user_id);
  const items = itemsOf(row);
  if (!row || !items.includes(item)) return null;
  const prog = programme(event.time_zone, sessions, await repo.lists(tx, eventId));
  const left = items.filter((i) => i !== item);
  const q = quartersOf(left, prog.byId, prog.perDay, prog.doorCredits);
  await tx
    .updateTable('event_attendance')
    .set({ sessions: JSON.stringify(left), attended_quarters: q.attended, speaking_quarters: q.speaking })
    .where('event_id', '=', eventId)
    .where('user_id', '=', reg.user_id)
    .execute();
  await takeBack(tx, { event, people: [{ userId: reg.user_id, items: [item] }], titleOf: itemTitles(prog.byId), reason: input.reason, by: input.by, publicUrl: input.publicUrl, now });
  // Credentials of attendance exist once the event is closed; the job supersedes or revokes this person's.
  if (event.status === 'closed') await enqueue(tx, ATTENDANCE_JOB, { eventId }, now, { maxAttempts: 5 });
  return { memberId: reg.user_id };
}

/**
 * A close's own check: recorded attendance items within what this close covers (the session closed, or every
 * session and door day when the event closes) that no live check-in backs any more, per person. Speaking is
 * not a check-in and is left alone.
 */
export function staleItems(
  before: ReadonlyArray<{ user_id: string; sessions: string }>,
  planned: ReadonlyMap<string, { items: readonly string[] }>,
  sessionId: string | null,
): TakeBack[] {
  const out: TakeBack[] = [];
  for (const row of before) {
    const now = new Set(planned.get(row.user_id)?.items ?? []);
    const covered = (i: string) => !i.startsWith('speaking:') && (sessionId === null || i === sessionId);
    const items = itemsOf(row).filter((i) => covered(i) && !now.has(i));
    if (items.length) out.push({ userId: row.user_id, items });
  }
  return out;
}
