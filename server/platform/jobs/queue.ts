import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import type { Job } from '../../db/schema.js';
import { newId } from '../ids.js';

export type EnqueueOptions = { runAt?: Date; maxAttempts?: number; idempotencyKey?: string };

/**
 * Adds a job inside the caller's transaction, so the job exists exactly when the action does.
 * With an idempotency key, a second enqueue of the same key is a no-op; returns the job id or null.
 */
export async function enqueue(q: Db | Tx, kind: string, payload: unknown, now: Date, opts: EnqueueOptions = {}): Promise<string | null> {
  const id = newId();
  const at = now.toISOString();
  const result = await q
    .insertInto('jobs')
    .values({
      id,
      kind,
      payload: JSON.stringify(payload ?? {}),
      status: 'queued',
      attempts: 0,
      max_attempts: opts.maxAttempts ?? 8,
      run_at: (opts.runAt ?? now).toISOString(),
      locked_by: null,
      locked_until: null,
      last_error: null,
      progress: null,
      idempotency_key: opts.idempotencyKey ?? null,
      created_at: at,
      updated_at: at,
      finished_at: null,
    })
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1 ? id : null;
}

/**
 * Claims the next due job (or one whose lease expired) for `workerId`. On PostgreSQL the
 * candidate row is locked with SKIP LOCKED so concurrent workers never take the same job;
 * on SQLite the single UPDATE statement is atomic because writers are serialised.
 */
export async function claimNext(db: Db, dialect: 'sqlite' | 'postgres', workerId: string, now: Date, leaseMs: number): Promise<Job | null> {
  const at = now.toISOString();
  const until = new Date(now.getTime() + leaseMs).toISOString();
  const lock = dialect === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
  const result = await sql<Job>`
    UPDATE jobs SET status = 'running', locked_by = ${workerId}, locked_until = ${until},
      attempts = attempts + 1, updated_at = ${at}
    WHERE id = (
      SELECT id FROM jobs
      WHERE (status = 'queued' AND run_at <= ${at}) OR (status = 'running' AND locked_until < ${at})
      ORDER BY run_at, id LIMIT 1 ${lock}
    )
    RETURNING *`.execute(db);
  return result.rows[0] ?? null;
}

/** Backoff before retry `attempt` (1-based): 2^attempt seconds, capped at an hour, with ±20% jitter. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(3_600_000, 1000 * 2 ** attempt);
  return Math.round(base * (0.8 + 0.4 * random()));
}

export async function completeJob(db: Db, id: string, workerId: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await db
    .updateTable('jobs')
    .set({ status: 'done', finished_at: at, updated_at: at, locked_by: null, locked_until: null })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .execute();
}

export async function failJob(db: Db, job: Job, workerId: string, error: string, now: Date): Promise<'retry' | 'failed'> {
  const at = now.toISOString();
  const final = job.attempts >= job.max_attempts;
  await db
    .updateTable('jobs')
    .set({
      status: final ? 'failed' : 'queued',
      run_at: final ? job.run_at : new Date(now.getTime() + backoffMs(job.attempts)).toISOString(),
      last_error: error.slice(0, 2000),
      finished_at: final ? at : null,
      updated_at: at,
      locked_by: null,
      locked_until: null,
    })
    .where('id', '=', job.id)
    .where('locked_by', '=', workerId)
    .execute();
  return final ? 'failed' : 'retry';
}

/**
 * Records progress (and, when given, the handler's checkpoint) and, when `lease` is given, renews the
 * worker's lease. With a lease, answers false when the job is no longer this worker's (its lease lapsed and
 * another took it over): nothing is written then.
 */
export async function setProgress(
  db: Db,
  id: string,
  progress: { done: number; total: number; message?: string },
  now: Date,
  lease?: { workerId: string; leaseMs: number },
  checkpoint?: unknown,
): Promise<boolean> {
  let q = db.updateTable('jobs').set({ progress: JSON.stringify(progress), updated_at: now.toISOString() });
  if (checkpoint !== undefined) q = q.set({ checkpoint: JSON.stringify(checkpoint) });
  if (lease) {
    q = q.set({ locked_until: new Date(now.getTime() + lease.leaseMs).toISOString() }).where('locked_by', '=', lease.workerId).where('status', '=', 'running');
  }
  const r = await q.where('id', '=', id).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The heartbeat: extends the lease of a job this worker holds; false when it holds it no longer. */
export async function renewLease(db: Db, id: string, workerId: string, now: Date, leaseMs: number): Promise<boolean> {
  const r = await db
    .updateTable('jobs')
    .set({ locked_until: new Date(now.getTime() + leaseMs).toISOString() })
    .where('id', '=', id)
    .where('locked_by', '=', workerId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * Puts a job back in the queue without counting the attempt: it failed because the database went away,
 * which says nothing about the job. It runs again after `delayMs`.
 */
export async function releaseJob(db: Db, job: Job, workerId: string, error: string, now: Date, delayMs: number): Promise<void> {
  await db
    .updateTable('jobs')
    .set({
      status: 'queued',
      attempts: Math.max(0, job.attempts - 1),
      run_at: new Date(now.getTime() + delayMs).toISOString(),
      last_error: error.slice(0, 2000),
      updated_at: now.toISOString(),
      locked_by: null,
      locked_until: null,
    })
    .where('id', '=', job.id)
    .where('locked_by', '=', workerId)
    .execute();
}

/** Deletes jobs that finished successfully before `before`; failed ones stay for inspection. */
export async function purgeDoneJobs(db: Db, before: Date): Promise<void> {
  await db.deleteFrom('jobs').where('status', '=', 'done').where('finished_at', '<', before.toISOString()).execute();
}
