import { randomBytes } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { Tx } from '../../../db/database.js';
import type { StatusListsTable } from '../../../db/schema.js';
import { audit, systemActor } from '../../../platform/audit.js';
import type { Platform } from '../../../platform/context.js';
import { newId } from '../../../platform/ids.js';
import type { JobHandler } from '../../../platform/jobs/worker.js';
import { credentialsRepository } from '../../credentials/credentials.repository.js';
import type { JsonObject } from '../../credentials/document-loader.js';
import type { CredentialsModule } from '../../credentials/index.js';
import { type AttendedItem, buildAttendanceCredential, type ListedItem, storedItems } from './attendance-credential.js';
import { allocateAttendanceStatus, type StatusPick } from './attendance-status.js';
import { closingRepository as repo } from './closing.repository.js';
import { itemsOf, programme } from './credits.rules.js';
import { addAttendanceEvidence, withdrawAttendanceEvidence } from './portfolio-links.js';

export const ATTENDANCE_JOB = 'events.attendance-credentials';
/** Credentials a transaction stores; the next chunk is signed meanwhile. */
const CHUNK_SIZE = 250;

/** The sessions (and door days) a person's credential lists, from their credited items, in time order. */
export function attendedItems(items: readonly string[], sessions: ReadonlyMap<string, { title: string; starts_at: string; ends_at: string; cpd_quarters: number }>, doorQuarters: (day: string) => number): ListedItem[] {
  const out: ListedItem[] = [];
  for (const it of items) {
    if (it.startsWith('speaking:')) continue;
    if (it.startsWith('door:')) {
      const day = it.slice(5);
      out.push({ title: `Attended on ${day}`, startsAt: `${day}T00:00:00Z`, endsAt: null, quarters: doorQuarters(day), anchor: `day-${day}` });
      continue;
    }
    const s = sessions.get(it);
    if (s) out.push({ title: s.title, startsAt: s.starts_at, endsAt: s.ends_at, quarters: s.cpd_quarters, anchor: `session-${it}` });
  }
  return out.sort((a, b) => (a.startsAt ?? '').localeCompare(b.startsAt ?? '') || a.title.localeCompare(b.title));
}

/** Why a live credential is replaced: the sessions listed grew (a late scan) or shrank (a check-in undone). */
export function supersededBecause(oldSessions: string, items: readonly AttendedItem[]): string {
  const had = new Set((JSON.parse(oldSessions) as AttendedItem[]).map((x) => `${x.startsAt}|${x.title}`));
  return items.every((x) => had.has(`${x.startsAt}|${x.title}`)) ? 'superseded: a check-in was undone' : 'superseded: sessions changed at a later close';
}

/** Revokes credentials of attendance, each with its reason, and marks their status lists changed. */
export async function revokeIn(tx: Tx, rows: ReadonlyArray<{ id: string; revocation_list_id: string; reason: string }>, now: Date) {
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
 * new one issued). Signed by the issuer's current key through the credentials module's batch signer (kept
 * warm for the process), a chunk per transaction: while one chunk is stored, the next is signed, so the
 * signer's threads do not wait for the database. Revocation entries are allocated for the whole run first
 * (attendance-status.ts).
 */
/** `chunk`: credentials a transaction stores (tests make it small to see several). */
export function attendanceIssuer(p: Platform, credentials: Pick<CredentialsModule, 'issuer' | 'status' | 'own' | 'signer'>, opts: { chunk?: number } = {}) {
  const CHUNK = opts.chunk ?? CHUNK_SIZE;
  const db = p.database.db;

  /** How many credentials the event's attendees are due, and how many are issued and current. */
  async function counts(eventId: string): Promise<{ due: number; issued: number }> {
    const [rows, live] = await Promise.all([repo.attendance(db, eventId), repo.liveCredentials(db, eventId)]);
    const current = new Set(live.map((c) => c.user_id));
    const due = rows.filter((r) => attended(itemsOf(r)));
    return { due: due.length, issued: due.filter((r) => current.has(r.user_id)).length };
  }

  type Live = { id: string; revocation_list_id: string; sessions: string };
  type Built = { id: string; userId: string; items: ListedItem[]; doc: JsonObject; pick: StatusPick };

  /** One chunk's credentials, their lists not yet stored, the old credentials they supersede, the audit entry and the portfolio links: one transaction. Answers whether any were superseded. */
  async function store(event: { id: string; title: string }, built: Built[], signed: JsonObject[], lists: Insertable<StatusListsTable>[], live: Map<string, Live>, keyId: string, now: Date): Promise<boolean> {
    const at = now.toISOString();
    return db.transaction().execute(async (tx) => {
      for (const l of lists) await credentialsRepository.insertList(tx, l);
      const old = built.flatMap((b) => {
        const c = live.get(b.userId);
        return c ? [{ ...c, reason: supersededBecause(c.sessions, b.items) }] : [];
      });
      if (old.length) await revokeIn(tx, old, now);
      for (let k = 0; k < built.length; k += 200)
        await tx
          .insertInto('event_attendance_credentials')
          .values(
            built.slice(k, k + 200).map((b, j) => ({
              id: b.id,
              event_id: event.id,
              user_id: b.userId,
              sessions: JSON.stringify(storedItems(b.items)),
              quarters: b.items.reduce((a, x) => a + x.quarters, 0),
              key_id: keyId,
              jsonld: JSON.stringify(signed[k + j]),
              revocation_list_id: b.pick.listId,
              revocation_index: b.pick.index,
              issued_at: at,
              revoked_at: null,
              revoked_reason: null,
            })),
          )
          .execute();
      await addAttendanceEvidence(tx, built.map((b) => ({ eventId: event.id, userId: b.userId, eventTitle: event.title, verifyUrl: `${p.config.publicUrl}/verify?credential=${b.id}` })), now);
      await audit(tx, systemActor, { action: 'events.attendance_credentials_issued', subjectType: 'event', subjectId: event.id, details: { issued: built.length, superseded: old.length } }, now);
      return old.length > 0;
    });
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
      .filter((t) => liveOf.get(t.userId)?.sessions !== JSON.stringify(storedItems(t.items)));
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
    const facts = { slug: event.slug, title: event.title, startsOn: event.starts_on, endsOn: event.ends_on, timeZone: event.time_zone, venue: event.venue_name };
    const { picks, fresh } = await allocateAttendanceStatus(db, todo.length, p.clock.now());
    const unstored = new Map(fresh.map((l) => [l.id as string, l]));
    let issued = 0;
    let revoked = false;
    let storing: Promise<void> = Promise.resolve();
    try {
      await progress(0, todo.length, `Issuing credentials of attendance: 0 of ${todo.length}`);
      for (let i = 0; i < todo.length; i += CHUNK) {
        const now = p.clock.now();
        const built: Built[] = todo.slice(i, i + CHUNK).map((t, j) => {
          const h = holders.get(t.userId)!;
          const pick = picks[i + j]!;
          const id = newId();
          const holder = { email: h.email, salt: randomBytes(16).toString('base64url'), ...(h.did ? { did: h.did } : {}) };
          const doc = buildAttendanceCredential({ id, issuer: profile, publicUrl: p.config.publicUrl, event: facts, holder, items: t.items, status: { listUrl: credentials.status.listUrl(pick.listId), index: pick.index }, issuedAt: now });
          return { id, userId: t.userId, items: t.items, doc, pick };
        });
        // Signed before its transaction, so the database is not held while the signer works; the chunk
        // before is stored meanwhile.
        const signing = credentials.signer.signWith(key, built.map((b) => b.doc), now, { total: todo.length });
        const [, signed] = await Promise.all([storing, signing]);
        const newLists = [...new Set(built.map((b) => b.pick.listId))].flatMap((id) => {
          const l = unstored.get(id);
          unstored.delete(id);
          return l ?? [];
        });
        storing = store(event, built, signed, newLists, liveOf, key.id, now).then(async (superseded) => {
          revoked ||= superseded;
          issued += built.length;
          await progress(issued, todo.length, `Issuing credentials of attendance: ${issued} of ${todo.length}`);
        });
      }
      await storing;
    } catch (error) {
      await storing.catch(() => {}); // a chunk being stored settles before the run reports its failure
      throw error;
    } finally {
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
