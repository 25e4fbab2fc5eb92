import { randomBytes } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Db, Tx } from '../../../db/database.js';
import type { StatusListsTable } from '../../../db/schema.js';
import { audit, systemActor } from '../../../platform/audit.js';
import type { Platform } from '../../../platform/context.js';
import { newId } from '../../../platform/ids.js';
import type { JobHandler } from '../../../platform/jobs/worker.js';
import { credentialsRepository } from '../../credentials/credentials.repository.js';
import type { CredentialsModule } from '../../credentials/index.js';
import { BatchSigner } from '../../credentials/issuing/batch-sign.js';
import { pickFree } from '../../credentials/status/status.service.js';
import { MIN_LIST_LENGTH } from '../../credentials/status/status-list.js';
import { type AttendedItem, buildAttendanceCredential } from './attendance-credential.js';
import { closingRepository as repo } from './closing.repository.js';
import { itemsOf, programme } from './credits.rules.js';
import { addAttendanceEvidence, withdrawAttendanceEvidence } from './portfolio-links.js';

export const ATTENDANCE_JOB = 'events.attendance-credentials';
/** From this many credentials the batch signer adds worker threads; fewer sign faster on this thread. */
const WORKERS_FROM = 500;
const CHUNK = 1000;

/** The sessions (and door days) a person's credential lists, from their credited items, in time order. */
export function attendedItems(items: readonly string[], sessions: ReadonlyMap<string, { title: string; starts_at: string; ends_at: string; cpd_quarters: number }>, doorQuarters: (day: string) => number): AttendedItem[] {
  const out: AttendedItem[] = [];
  for (const it of items) {
    if (it.startsWith('speaking:')) continue;
    if (it.startsWith('door:')) {
      const day = it.slice(5);
      out.push({ title: `Attended on ${day}`, startsAt: `${day}T00:00:00Z`, endsAt: null, quarters: doorQuarters(day) });
      continue;
    }
    const s = sessions.get(it);
    if (s) out.push({ title: s.title, startsAt: s.starts_at, endsAt: s.ends_at, quarters: s.cpd_quarters });
  }
  return out.sort((a, b) => (a.startsAt ?? '').localeCompare(b.startsAt ?? '') || a.title.localeCompare(b.title));
}

/** Why a live credential is replaced: the sessions listed grew (a late scan) or shrank (a check-in undone). */
export function supersededBecause(oldSessions: string, items: readonly AttendedItem[]): string {
  const had = new Set((JSON.parse(oldSessions) as AttendedItem[]).map((x) => `${x.startsAt}|${x.title}`));
  return items.every((x) => had.has(`${x.startsAt}|${x.title}`)) ? 'superseded: a check-in was undone' : 'superseded: sessions changed at a later close';
}

/** Revokes credentials of attendance, each with its reason, and marks their status lists changed. */
async function revokeIn(tx: Tx, rows: ReadonlyArray<{ id: string; revocation_list_id: string; reason: string }>, now: Date) {
  const at = now.toISOString();
  for (const reason of new Set(rows.map((r) => r.reason)))
    await tx.updateTable('event_attendance_credentials').set({ revoked_at: at, revoked_reason: reason }).where('id', 'in', rows.filter((r) => r.reason === reason).map((r) => r.id)).execute();
  await credentialsRepository.touchLists(tx, [...new Set(rows.map((r) => r.revocation_list_id))], now);
  await credentialsRepository.bumpEpoch(tx);
}

/** Whether a person's items make them an attendee (checked in at least once), not only a speaker. */
export const attended = (items: readonly string[]) => items.some((i) => !i.startsWith('speaking:'));

/**
 * Issues credentials of attendance for a closed event: one for everyone checked in at least once who has
 * none, or whose sessions changed since theirs (a late scan and a re-close: the old one is revoked and a
 * new one issued). Signed by the issuer's current key through the batch signer, a chunk per transaction.
 * Revocation entries come from status lists kept for these credentials alone (their `allocated` is full
 * from the start, so the level credentials' allocation never picks from them).
 */
export function attendanceIssuer(p: Platform, credentials: Pick<CredentialsModule, 'issuer' | 'status' | 'own'>) {
  const db = p.database.db;

  /** Free revocation entries for `n` credentials; lists to create are inserted by the caller with the credentials. */
  async function allocate(q: Db, n: number, now: Date) {
    const lists = await q
      .selectFrom('event_attendance_credentials')
      .select(['revocation_list_id as id', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('revocation_list_id')
      .execute();
    const out: Array<{ listId: string; index: number }> = [];
    const fresh: Insertable<StatusListsTable>[] = [];
    for (const l of lists) {
      const room = MIN_LIST_LENGTH - Number(l.n);
      if (room <= 0 || out.length >= n) continue;
      const used = new Uint8Array(MIN_LIST_LENGTH);
      for (const r of await q.selectFrom('event_attendance_credentials').select('revocation_index').where('revocation_list_id', '=', l.id).execute()) used[Number(r.revocation_index)] = 1;
      for (const index of pickFree(used, Math.min(room, n - out.length))) out.push({ listId: l.id, index });
    }
    while (out.length < n) {
      const id = newId();
      const at = now.toISOString();
      fresh.push({ id, purpose: 'revocation', length: MIN_LIST_LENGTH, allocated: MIN_LIST_LENGTH, version: 0, changed_at: at, created_at: at });
      for (const index of pickFree(new Uint8Array(MIN_LIST_LENGTH), Math.min(MIN_LIST_LENGTH, n - out.length))) out.push({ listId: id, index });
    }
    return { picks: out, fresh };
  }

  /** How many credentials the event's attendees are due, and how many are issued and current. */
  async function counts(eventId: string): Promise<{ due: number; issued: number }> {
    const [rows, live] = await Promise.all([repo.attendance(db, eventId), repo.liveCredentials(db, eventId)]);
    const current = new Set(live.map((c) => c.user_id));
    const due = rows.filter((r) => attended(itemsOf(r)));
    return { due: due.length, issued: due.filter((r) => current.has(r.user_id)).length };
  }

  async function issue(eventId: string, progress: (done: number, total: number, message?: string) => Promise<void> = async () => {}): Promise<{ issued: number }> {
    const event = await repo.event(db, eventId);
    if (!event) return { issued: 0 };
    const [rows, sessions, live, lists] = await Promise.all([repo.attendance(db, eventId), repo.sessions(db, eventId), repo.liveCredentials(db, eventId), repo.lists(db, eventId)]);
    const prog = programme(event.time_zone, sessions, lists);
    const liveOf = new Map(live.map((c) => [c.user_id, c]));
    const due = rows.filter((r) => attended(itemsOf(r)));
    const todo = due
      .map((r) => ({ userId: r.user_id, items: attendedItems(itemsOf(r), prog.byId, prog.doorQuarters) }))
      .filter((t) => liveOf.get(t.userId)?.sessions !== JSON.stringify(t.items));
    // Someone whose every check-in was undone keeps no credential: revoked, with nothing in its place.
    const dueIds = new Set(due.map((r) => r.user_id));
    const orphaned = live.filter((c) => !dueIds.has(c.user_id));
    if (orphaned.length) await revokeOnly(event, orphaned);
    if (!todo.length) return { issued: 0 };
    const holders = new Map<string, { email: string; did: string | null }>();
    for (let i = 0; i < todo.length; i += 500) {
      const ids = todo.slice(i, i + 500).map((t) => t.userId);
      for (const u of await db.selectFrom('users as u').leftJoin('holder_dids as h', 'h.user_id', 'u.id').select(['u.id', 'u.email', 'h.did']).where('u.id', 'in', ids).execute()) holders.set(u.id, { email: u.email, did: u.did });
    }
    const key = await credentials.issuer.signingKey();
    const profile = await credentials.issuer.profile();
    const signer = new BatchSigner(key, { workers: todo.length >= WORKERS_FROM ? undefined : 0 });
    let issued = 0;
    let revoked = false;
    try {
      await progress(0, todo.length, `Issuing credentials of attendance: 0 of ${todo.length}`);
      for (let i = 0; i < todo.length; i += CHUNK) {
        const chunk = todo.slice(i, i + CHUNK);
        const now = p.clock.now();
        const at = now.toISOString();
        const { picks, fresh } = await allocate(db, chunk.length, now);
        const built = chunk.map((t, j) => {
          const salt = randomBytes(16).toString('base64url');
          const h = holders.get(t.userId)!;
          const id = newId();
          const doc = buildAttendanceCredential({
            id,
            issuer: profile,
            publicUrl: p.config.publicUrl,
            event: { slug: event.slug, title: event.title, startsOn: event.starts_on, endsOn: event.ends_on, timeZone: event.time_zone, venue: event.venue_name },
            holder: { email: h.email, salt, ...(h.did ? { did: h.did } : {}) },
            items: t.items,
            status: { listUrl: credentials.status.listUrl(picks[j]!.listId), index: picks[j]!.index },
            issuedAt: now,
          });
          return { id, doc, t, pick: picks[j]! };
        });
        // Signed before the transaction, so the database is not held while the signer works.
        const signed = await signer.signMany(built.map((b) => b.doc), now);
        await db.transaction().execute(async (tx) => {
          for (const l of fresh) await credentialsRepository.insertList(tx, l);
          const old = chunk.flatMap((t) => {
            const c = liveOf.get(t.userId);
            return c ? [{ ...c, reason: supersededBecause(c.sessions, t.items) }] : [];
          });
          if (old.length) {
            await revokeIn(tx, old, now);
            revoked = true;
          }
          for (let k = 0; k < built.length; k += 200)
            await tx
              .insertInto('event_attendance_credentials')
              .values(
                built.slice(k, k + 200).map((b, j) => ({
                  id: b.id,
                  event_id: eventId,
                  user_id: b.t.userId,
                  sessions: JSON.stringify(b.t.items),
                  quarters: b.t.items.reduce((a, x) => a + x.quarters, 0),
                  key_id: key.id,
                  jsonld: JSON.stringify(signed[k + j]),
                  revocation_list_id: b.pick.listId,
                  revocation_index: b.pick.index,
                  issued_at: at,
                  revoked_at: null,
                  revoked_reason: null,
                })),
              )
              .execute();
          await addAttendanceEvidence(tx, built.map((b) => ({ eventId, userId: b.t.userId, eventTitle: event.title, verifyUrl: `${p.config.publicUrl}/verify?credential=${b.id}` })), now);
          await audit(tx, systemActor, { action: 'events.attendance_credentials_issued', subjectType: 'event', subjectId: eventId, details: { issued: built.length, superseded: old.length } }, now);
        });
        issued += chunk.length;
        await progress(issued, todo.length, `Issuing credentials of attendance: ${issued} of ${todo.length}`);
      }
    } finally {
      await signer.close();
      if (revoked) credentials.own.epoch.changed();
    }
    return { issued };
  }

  /** Revokes the credentials of people no longer due one, and says so on their portfolio's evidence link. */
  async function revokeOnly(event: { id: string; title: string }, rows: ReadonlyArray<{ id: string; user_id: string; revocation_list_id: string }>) {
    const now = p.clock.now();
    await db.transaction().execute(async (tx) => {
      await revokeIn(tx, rows.map((c) => ({ ...c, reason: 'withdrawn: no check-in at the event stands' })), now);
      await withdrawAttendanceEvidence(tx, rows.map((c) => ({ eventId: event.id, userId: c.user_id, eventTitle: event.title })));
      await audit(tx, systemActor, { action: 'events.attendance_credentials_revoked', subjectType: 'event', subjectId: event.id, details: { revoked: rows.length, credentialIds: rows.map((c) => c.id) } }, now);
    });
    credentials.own.epoch.changed();
  }

  const handler: JobHandler = async (ctx) => {
    await issue((ctx.payload as { eventId: string }).eventId, ctx.progress);
  };
  return { issue, counts, handler };
}
export type AttendanceIssuer = ReturnType<typeof attendanceIssuer>;
