import type { Selectable } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import type { ApplicationsTable } from '../../db/schema.js';
import { type AuditContext, audit } from '../../platform/audit.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { transition } from './applications.rules.js';
import type { Actor, Application, ApplicationEvent, Refusal, RefusalCode } from './applications.types.js';

/*
 * Loading and storing the state machine's record, shared by the member-side and assessment-side services.
 * The row keeps the record as JSON plus the columns queues filter on; `revision` makes every save a
 * compare-and-set, so two people acting at once cannot both win on a stale copy.
 */

export type ApplicationRow = Selectable<ApplicationsTable>;
export type Loaded = { row: ApplicationRow; app: Application };

/** Extra columns a step may set beside the state machine's record. */
export type RowExtras = Partial<Pick<ApplicationsTable, 'snapshot' | 'ethics_version' | 'declared_at' | 'decided_at'>>;

function columns(app: Application) {
  // The referees' addresses live in reference_requests; the record gets them from there on every load.
  const { refereeEmails: _, ...data } = app;
  return { state: app.state, data: JSON.stringify(data), submitted_at: app.submittedAt, due_at: app.dueAt };
}

/** The record with the facts the machine's actor rules need that are kept beside it (the referees' addresses). */
export async function loadApplication(q: Db | Tx, id: string): Promise<Loaded | null> {
  const row = await q.selectFrom('applications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  const referees = await q.selectFrom('reference_requests').select('referee_email').where('application_id', '=', id).execute();
  const app = JSON.parse(row.data) as Application;
  return { row, app: { ...app, refereeEmails: referees.map((r) => r.referee_email.toLowerCase()) } };
}

export async function insertApplication(q: Db | Tx, app: Application, now: Date, extras: RowExtras = {}): Promise<void> {
  const at = now.toISOString();
  await q
    .insertInto('applications')
    .values({ id: app.id, applicant_id: app.applicantId, scheme_version_id: app.schemeVersionId, level_id: app.levelId, ...columns(app), ...extras, created_at: at, updated_at: at })
    .execute();
}

/** Stores `app` over the row read at `revision`; CONFLICT when someone else saved in between. */
export async function saveApplication(q: Db | Tx, revision: number, app: Application, now: Date, extras: RowExtras = {}): Promise<void> {
  const r = await q
    .updateTable('applications')
    .set({ ...columns(app), ...extras, updated_at: now.toISOString(), revision: revision + 1 })
    .where('id', '=', app.id)
    .where('revision', '=', revision)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new DomainError('CONFLICT', 'The application changed while you were working on it; reload and try again.');
}

/** Refusals that mean "not yours to do" rather than "not now". */
const forbiddenCodes: readonly RefusalCode[] = ['wrong_role', 'not_applicant', 'not_assigned', 'not_a_referee', 'conflict_of_interest', 'not_eligible_nominator'];

/** A refusal of the machine as the error answered: FORBIDDEN when not the actor's to do, CONFLICT when not now. */
export const refusalError = (r: Refusal) => new DomainError(forbiddenCodes.includes(r.code) ? 'FORBIDDEN' : 'CONFLICT', r.message, { rule: r.code });

/** The platform actor as the state machine sees it (`declaredConflicts`: see actorConflicts). */
export function machineActor(a: { userId: string; email: string; roles: ReadonlySet<string> }, heldLevels: readonly string[] = [], declaredConflicts: readonly string[] = []): Actor {
  return { userId: a.userId, email: a.email, roles: [...a.roles] as Actor['roles'], heldLevels, declaredConflicts };
}

/** Applicant ids the user has declared a conflict of interest with, for the machine's actor. */
export async function actorConflicts(q: Db | Tx, userId: string): Promise<string[]> {
  return (await q.selectFrom('assessor_conflicts').select('applicant_id').where('assessor_id', '=', userId).execute()).map((r) => r.applicant_id);
}

/**
 * Applies one event to a loaded application and stores it with its audit entry (`application.<event>`, from
 * and to state), in the caller's transaction. A refusal becomes a DomainError that names the rule.
 */
export async function step(
  tx: Tx,
  loaded: Loaded,
  event: ApplicationEvent,
  actor: Actor,
  by: AuditContext,
  now: Date,
  options: { extras?: RowExtras; details?: Record<string, unknown> } = {},
): Promise<Application> {
  const result = transition(loaded.app, event, actor, now);
  if (!result.ok) throw refusalError(result);
  await saveApplication(tx, loaded.row.revision, result.application, now, options.extras);
  await audit(
    tx,
    by,
    {
      action: `application.${event.type}`,
      subjectType: 'application',
      subjectId: loaded.app.id,
      details: { from: loaded.app.state, to: result.application.state, ...options.details },
    },
    now,
  );
  return result.application;
}

/** Loads or answers NOT_FOUND (also used for applications the caller may not see, so ids do not leak). */
export async function mustLoad(q: Db | Tx, id: string): Promise<Loaded> {
  const loaded = await loadApplication(q, id);
  if (!loaded) throw notFound('The application');
  return loaded;
}
