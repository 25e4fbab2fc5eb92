// The weekly check of the register's search index against its sources. Writers keep the index in
// step as they change a listing, a name, a country or a credential (refreshRegisterEntry); this job
// catches what they could not: a write that forgot, a change made outside the application, or a
// release that changes how names become search words. It reads every holder in batches, computes
// their rows as refreshRegisterEntry would, and rewrites only the holders whose rows differ, one
// transaction per batch. So a second run writes nothing, and a run stopped half-way has fixed the
// batches it finished; its retry reads again from the start and writes only what is still wrong.
import type { Db } from '../../db/database.js';
import { type Clock, DAY } from '../../platform/clock.js';
import type { JobHandler, Schedule } from '../../platform/jobs/worker.js';
import { type RegisterRows, type RegisterSource, refreshRegisterEntry, registerRows } from './register.repository.js';

export const REBUILD_JOB = 'register.rebuild';
const BATCH = 500;

export const registerSchedules: Schedule[] = [{ name: REBUILD_JOB, kind: REBUILD_JOB, everyMs: 7 * DAY }];

/** Computed rows against the rows as stored (same shape); token and level rows compare in any order. */
const sameRows = (want: RegisterRows | null, have: RegisterRows | undefined): boolean => {
  if (!want || !have) return !want && !have;
  const key = (r: RegisterRows) =>
    JSON.stringify([r.entry, [...r.tokens].sort((a, b) => (a.token < b.token ? -1 : 1)), [...r.levels].sort((a, b) => (a.level_id < b.level_id ? -1 : 1))]);
  return key(want) === key(have);
};

/** Reads the sources and the stored rows of up to `batch` users after `after` (id order). */
async function readBatch(db: Db, after: string, batch: number) {
  const users = await db.selectFrom('users').select(['id', 'name', 'country']).where('id', '>', after).orderBy('id').limit(batch).execute();
  const ids = users.map((u) => u.id);
  if (!ids.length) return { ids, want: new Map<string, RegisterRows | null>(), have: new Map<string, RegisterRows>() };
  const [listings, credentials, entries, tokens, levels] = await Promise.all([
    db.selectFrom('register_listings').select(['holder_id', 'listed', 'show_country']).where('holder_id', 'in', ids).execute(),
    db
      .selectFrom('credentials')
      .select(['holder_id', 'id', 'level_id', 'level_name', 'post_nominals', 'awarded_at', 'status'])
      .where('holder_id', 'in', ids)
      .orderBy('holder_id')
      .orderBy('awarded_at', 'desc')
      .orderBy('id', 'desc')
      .execute(),
    db.selectFrom('register_entries').select(['holder_id', 'name', 'sort_name', 'tokens', 'country', 'credentials']).where('holder_id', 'in', ids).execute(),
    db.selectFrom('register_tokens').select(['holder_id', 'token', 'sort_name', 'country', 'levels', 'tokens']).where('holder_id', 'in', ids).execute(),
    db.selectFrom('register_levels').select(['holder_id', 'level_id', 'sort_name', 'country']).where('holder_id', 'in', ids).execute(),
  ]);
  const listingOf = new Map(listings.map(({ holder_id, ...l }) => [holder_id, l]));
  const credsOf = new Map<string, RegisterSource['credentials']>();
  for (const { holder_id, ...c } of credentials) credsOf.set(holder_id, [...(credsOf.get(holder_id) ?? []), c]);
  const want = new Map(users.map((u) => [u.id, registerRows({ listing: listingOf.get(u.id), user: u, credentials: credsOf.get(u.id) ?? [] })]));
  const have = new Map<string, RegisterRows>(entries.map(({ holder_id, ...entry }) => [holder_id, { entry, tokens: [], levels: [] }]));
  // Token or level rows without an entry are wrong too: an empty entry makes them differ from anything.
  const orphan = (id: string) => have.get(id) ?? (have.set(id, { entry: { name: '', sort_name: '', tokens: '', country: null, credentials: '' }, tokens: [], levels: [] }).get(id) as RegisterRows);
  for (const { holder_id, ...t } of tokens) orphan(holder_id).tokens.push(t);
  for (const { holder_id, ...l } of levels) orphan(holder_id).levels.push(l);
  return { ids, want, have };
}

/**
 * Checks every holder's register rows against their sources and rewrites those that differ.
 * Answers how many holders were checked and how many rewritten.
 */
export async function rebuildRegister(
  db: Db,
  clock: Clock,
  progress: (done: number, total: number, message: string, checkpoint?: RebuildCheckpoint) => Promise<void> = async () => {},
  batch = BATCH,
  resume: RebuildCheckpoint | null = null,
) {
  const total = Number((await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  // Holders are visited in id order, so a stopped run goes on after the last holder it checked.
  let after = resume?.after ?? '';
  let checked = resume?.checked ?? 0;
  let rewritten = resume?.rewritten ?? 0;
  for (;;) {
    const { ids, want, have } = await readBatch(db, after, batch);
    if (!ids.length) break;
    const stale = ids.filter((id) => !sameRows(want.get(id) ?? null, have.get(id)));
    if (stale.length) {
      // Each holder is computed again inside the transaction, so a writer's change since the read wins.
      await db.transaction().execute(async (tx) => {
        const now = clock.now();
        for (const id of stale) await refreshRegisterEntry(tx, id, now);
      });
    }
    rewritten += stale.length;
    checked += ids.length;
    after = ids.at(-1) as string;
    const of = Math.max(total, checked); // accounts made during the run are checked too
    await progress(checked, of, `Checked ${checked} of ${of} accounts; rewrote ${rewritten} register entries`, { after, checked, rewritten });
  }
  return { checked, rewritten };
}

/** How far a rebuild got: the last holder id checked and the counts so far. */
export type RebuildCheckpoint = { after: string; checked: number; rewritten: number };
const isCheckpoint = (v: unknown): v is RebuildCheckpoint =>
  !!v && typeof (v as RebuildCheckpoint).after === 'string' && Number.isInteger((v as RebuildCheckpoint).checked) && Number.isInteger((v as RebuildCheckpoint).rewritten);

export function registerJobHandlers(db: Db, clock: Clock): Record<string, JobHandler> {
  return {
    [REBUILD_JOB]: async (ctx) => {
      await rebuildRegister(db, clock, ctx.progress, BATCH, isCheckpoint(ctx.resume) ? ctx.resume : null);
    },
  };
}
