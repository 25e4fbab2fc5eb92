import type { Insertable, Selectable } from 'kysely';
import type { Scheme } from '../../../contracts/scheme.js';
import type { Db, Tx } from '../../db/database.js';
import type { AppealsTable, InformationRequestsTable, NominationsTable, ReferenceRequestsTable } from '../../db/schema.js';
import { closedStates } from './applications.types.js';

/*
 * The member side's queries: the rows around an application (references, information requests, nominations,
 * appeal, credential, history) and the people named in them. The application row itself goes through
 * applications.store.ts.
 */

type Q = Db | Tx;
export type ReferenceRow = Selectable<ReferenceRequestsTable>;
export type InformationRow = Selectable<InformationRequestsTable>;

// Scheme versions never change once published, so their parsed content is kept per id.
const schemes = new Map<string, { label: string; scheme: Scheme }>();

/** The scheme of a stored version (applications always name a published one). */
export async function schemeOfVersion(q: Q, versionId: string): Promise<{ label: string; scheme: Scheme }> {
  const hit = schemes.get(versionId);
  if (hit) return hit;
  const row = await q.selectFrom('scheme_versions').select(['label', 'content']).where('id', '=', versionId).executeTakeFirstOrThrow();
  const v = { label: row.label, scheme: JSON.parse(row.content) as Scheme };
  if (schemes.size > 200) schemes.clear();
  schemes.set(versionId, v);
  return v;
}

export async function usersByIds(q: Q, ids: readonly string[]): Promise<Map<string, { id: string; name: string; email: string }>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await q.selectFrom('users').select(['id', 'name', 'email']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

export const activeUserByEmail = (q: Q, email: string) =>
  q.selectFrom('users').select(['id', 'name', 'email']).where('email', '=', email.trim().toLowerCase()).where('status', '=', 'active').executeTakeFirst();

/** Levels the user holds a current (active) credential for. */
export async function heldLevels(q: Q, userId: string): Promise<string[]> {
  const rows = await q.selectFrom('credentials').select('level_id').where('holder_id', '=', userId).where('status', '=', 'active').execute();
  return [...new Set(rows.map((r) => r.level_id))];
}

/** The member's applications, newest first. */
export const applicationsOf = (q: Q, applicantId: string) =>
  q.selectFrom('applications').select(['id', 'applicant_id', 'level_id', 'state', 'scheme_version_id', 'submitted_at', 'updated_at', 'due_at']).where('applicant_id', '=', applicantId).orderBy('id', 'desc').execute();

/** The member's applications for one level that are still open. */
export const openApplicationsFor = (q: Q, applicantId: string, levelId: string) =>
  q
    .selectFrom('applications')
    .select(['id', 'applicant_id', 'level_id', 'state'])
    .where('applicant_id', '=', applicantId)
    .where('level_id', '=', levelId)
    .where('state', 'not in', [...closedStates])
    .execute();

// ---- references ----

export const insertReference = (q: Q, row: Insertable<ReferenceRequestsTable>) => q.insertInto('reference_requests').values(row).execute();
export const referencesOf = (q: Q, applicationId: string) =>
  q.selectFrom('reference_requests').selectAll().where('application_id', '=', applicationId).orderBy('id').execute();
export const referenceByTokenHash = (q: Q, tokenHash: string) =>
  q.selectFrom('reference_requests').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
export const referenceById = (q: Q, id: string) => q.selectFrom('reference_requests').selectAll().where('id', '=', id).executeTakeFirst();

/** Records the answers if the request is still awaiting; false when someone answered (or it closed) first. */
export async function answerReference(q: Q, id: string, answers: string, at: string): Promise<boolean> {
  const r = await q
    .updateTable('reference_requests')
    .set({ status: 'answered', answers, answered_at: at })
    .where('id', '=', id)
    .where('status', '=', 'awaiting')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const setReferenceStatus = (q: Q, ids: readonly string[], status: ReferenceRow['status']) =>
  ids.length === 0 ? Promise.resolve() : q.updateTable('reference_requests').set({ status }).where('id', 'in', [...ids]).where('status', '=', 'awaiting').execute().then(() => undefined);

export const cancelAwaitingReferences = (q: Q, applicationId: string) =>
  q.updateTable('reference_requests').set({ status: 'cancelled' }).where('application_id', '=', applicationId).where('status', '=', 'awaiting').execute();

/** Awaiting requests whose link has expired, or that may need a reminder (fewer than `maxReminders`, last mail before `sentBefore`). */
export const awaitingReferencesDue = (q: Q, sentBefore: string, now: string, maxReminders: number, afterId: string, limit: number) =>
  q
    .selectFrom('reference_requests')
    .selectAll()
    .where('status', '=', 'awaiting')
    .where('id', '>', afterId)
    .where((eb) => eb.or([eb.and([eb('reminders_sent', '<', maxReminders), eb('last_sent_at', '<=', sentBefore)]), eb('expires_at', '<=', now)]))
    .orderBy('id')
    .limit(limit)
    .execute();

export const markReminded = (q: Q, id: string, tokenHash: string, remindersSent: number, at: string) =>
  q.updateTable('reference_requests').set({ reminders_sent: remindersSent, last_sent_at: at, token_hash: tokenHash }).where('id', '=', id).where('status', '=', 'awaiting').execute();

// ---- information requests, nominations, appeals, credentials ----

export const informationRequestsOf = (q: Q, applicationId: string) =>
  q.selectFrom('information_requests').selectAll().where('application_id', '=', applicationId).orderBy('asked_at').orderBy('id').execute();

export async function answerInformationRequest(q: Q, id: string, response: string, evidenceIds: readonly string[], at: string): Promise<boolean> {
  const r = await q
    .updateTable('information_requests')
    .set({ response, evidence_ids: JSON.stringify(evidenceIds), responded_at: at })
    .where('id', '=', id)
    .where('responded_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export const nominationsOf = (q: Q, applicationId: string) =>
  q.selectFrom('nominations').selectAll().where('application_id', '=', applicationId).orderBy('nominated_at').execute();
export const insertNomination = (q: Q, row: Insertable<NominationsTable>) => q.insertInto('nominations').values(row).execute();

export const appealOf = (q: Q, applicationId: string) => q.selectFrom('appeals').selectAll().where('application_id', '=', applicationId).executeTakeFirst();
export const insertAppeal = (q: Q, row: Insertable<AppealsTable>) => q.insertInto('appeals').values(row).execute();

export async function credentialIdOf(q: Q, applicationId: string): Promise<string | null> {
  const r = await q.selectFrom('credentials').select('id').where('application_id', '=', applicationId).executeTakeFirst();
  return r?.id ?? null;
}

// ---- assessment ----

export const assessorsOf = (q: Q, applicationId: string) =>
  q
    .selectFrom('application_assessors')
    .innerJoin('users', 'users.id', 'application_assessors.assessor_id')
    .select(['application_assessors.assessor_id', 'application_assessors.stage', 'application_assessors.status', 'application_assessors.assigned_at', 'users.name'])
    .where('application_assessors.application_id', '=', applicationId)
    .orderBy('application_assessors.assigned_at')
    .execute();

/** Scores of an application; of one assessor when `assessorId` is given. */
export function scoresOf(q: Q, applicationId: string, assessorId?: string) {
  let s = q.selectFrom('application_scores').selectAll().where('application_id', '=', applicationId);
  if (assessorId !== undefined) s = s.where('assessor_id', '=', assessorId);
  return s.orderBy('assessor_id').orderBy('category_id').execute();
}

export const historyOf = (q: Q, applicationId: string) =>
  q
    .selectFrom('audit_log')
    .select(['at', 'action', 'details'])
    .where('subject_type', '=', 'application')
    .where('subject_id', '=', applicationId)
    .orderBy('id')
    .execute();

/** A nominee's draft moves to the version in force when it is submitted. */
export const setSchemeVersion = (q: Q, applicationId: string, versionId: string) =>
  q.updateTable('applications').set({ scheme_version_id: versionId }).where('id', '=', applicationId).where('state', '=', 'draft').execute();

/**
 * On PostgreSQL, holds a row until the transaction ends, so concurrent writers queue instead of racing (the
 * one-open-application check, two referees answering at once). SQLite serialises writers already.
 */
export async function lockRow(q: Tx, dialect: 'sqlite' | 'postgres', table: 'users' | 'applications', id: string): Promise<void> {
  if (dialect === 'postgres') await q.selectFrom(table).select('id').where('id', '=', id).forUpdate().execute();
}
