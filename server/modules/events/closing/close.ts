import type { DbHandle, Tx } from '../../../db/database.js';
import type { EventAttendanceTable } from '../../../db/schema-events.js';
import { type AuditContext, audit } from '../../../platform/audit.js';
import { enqueue } from '../../../platform/jobs/queue.js';
import { creditFromEvent } from '../../cpd/event-credits.js';
import { touchEvent } from '../revision.js';
import { closingRepository as repo } from './closing.repository.js';
import { type ClosingEvent, itemsOf, planCredits, programme, quartersOf } from './credits.rules.js';
import { ATTENDANCE_JOB, attended } from './issue.js';
import { addTalks } from './portfolio-links.js';
import { itemTitles, lockForClosing, staleItems, takeBack } from './withdraw.js';

/**
 * One close, inside the caller's transaction (the service's own, or the demo seed's): reads the programme
 * and the live check-ins, credits through the cpd module's provider path, records each person's attendance
 * as the union of every close (less what no live check-in backs any more, which is taken back: withdraw.ts),
 * adds confirmed speakers' talks to their portfolios, marks the sessions (and, closing the event, the event)
 * closed, queues the credentials of attendance and writes the audit entry. Answers the members newly
 * credited and those with credits withdrawn, whose standing the caller rechecks after the commit.
 */
export async function closeInTransaction(
  handle: DbHandle,
  tx: Tx,
  input: { event: ClosingEvent & { slug: string; closed_at: string | null }; sessionId: string | null; bodyName: string; publicUrl: string; by: AuditContext; now: Date },
): Promise<{ credited: number; memberIds: string[]; withdrawn: string[]; attendees: number }> {
  const { event, sessionId, now } = input;
  await lockForClosing(tx, handle.dialect, event.id);
  const [sessions, lists, checkins, registrations, speakers, before] = await Promise.all([
    repo.sessions(tx, event.id),
    repo.lists(tx, event.id),
    repo.checkins(tx, event.id),
    repo.registrations(tx, event.id),
    repo.speakers(tx, event.id),
    repo.attendance(tx, event.id),
  ]);
  const plan = planCredits({ event, sessions, lists, checkins, registrations, speakers, provider: input.bodyName }, sessionId);
  const prog = programme(event.time_zone, sessions, lists);
  const old = new Map(before.map((a) => [a.user_id, a]));
  const at = now.toISOString();
  // Recorded items no live check-in backs any more (undone after an earlier close) are taken back, not kept.
  const stale = staleItems(before, plan.people, sessionId);
  const gone = new Map(stale.map((x) => [x.userId, new Set(x.items)]));
  const keptOf = (userId: string) => itemsOf(old.get(userId)).filter((i) => !gone.get(userId)?.has(i));
  const rows: EventAttendanceTable[] = [...new Set([...plan.people.keys(), ...gone.keys()])].map((userId) => {
    const person = plan.people.get(userId);
    const was = old.get(userId);
    const merged = [...new Set([...keptOf(userId), ...(person?.items ?? [])])];
    const q = quartersOf(merged, prog.byId, prog.perDay, prog.doorCredits);
    return { event_id: event.id, user_id: userId, registration_id: person?.registrationId || was?.registration_id || null, sessions: JSON.stringify(merged), attended_quarters: q.attended, speaking_quarters: q.speaking, closed_at: at };
  });
  const withdrawn = await takeBack(tx, { event, people: stale, titleOf: itemTitles(prog.byId), reason: 'the check-in was undone after the close', by: input.by, publicUrl: input.publicUrl, now });
  const credited = await creditFromEvent(handle, tx, plan.credits, now);
  await repo.putAttendance(tx, rows);
  const held = sessions.filter((s) => s.status === 'scheduled' && (sessionId === null || s.id === sessionId));
  await addTalks(tx, { event, sessions: held, speakers: speakers.filter((sp) => held.some((s) => s.id === sp.session_id)), bodyName: input.bodyName, publicUrl: input.publicUrl, now });
  let closing = tx.updateTable('event_sessions').set({ closed_at: at }).where('event_id', '=', event.id).where('status', '=', 'scheduled').where('closed_at', 'is', null);
  if (sessionId !== null) closing = closing.where('id', '=', sessionId);
  await closing.execute();
  if (sessionId === null) {
    await tx.updateTable('events').set({ status: 'closed', closed_at: event.closed_at ?? at }).where('id', '=', event.id).execute();
    await touchEvent(tx, event.id, now);
    await enqueue(tx, ATTENDANCE_JOB, { eventId: event.id }, now, { maxAttempts: 5 });
  } else if (event.closed_at !== null) {
    // A session closed again after the event: its credentials of attendance follow what changed.
    await enqueue(tx, ATTENDANCE_JOB, { eventId: event.id }, now, { maxAttempts: 5 });
  }
  await audit(
    tx,
    input.by,
    { action: sessionId === null ? 'events.closed' : 'events.session_closed', subjectType: 'event', subjectId: event.id, details: { sessionId, newCredits: credited.credited, members: credited.memberIds.length, withdrawn: withdrawn.length } },
    now,
  );
  return { ...credited, withdrawn, attendees: [...plan.people.values()].filter((x) => attended(x.items)).length };
}
