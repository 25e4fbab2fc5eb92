import { sql } from 'kysely';
import type { ConsentScope } from '../../../../contracts/organisations-consent.js';
import type { Db, Tx } from '../../../db/database.js';
import { newId } from '../../../platform/ids.js';

/*
 * Consent grants, the organisations' consent revisions and the view log. Every query names the
 * organisation or the member it is about.
 */

/** Active grants of the member to the organisation. */
export async function activeGrants(q: Db | Tx, organisationId: string, memberId: string) {
  return q
    .selectFrom('consent_grants')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('member_id', '=', memberId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Every grant the member made, newest first, with the organisation's name. */
export async function grantsOf(q: Db | Tx, memberId: string) {
  return q
    .selectFrom('consent_grants as g')
    .innerJoin('organisations as o', 'o.id', 'g.organisation_id')
    .select(['g.id', 'g.organisation_id', 'o.name as organisation_name', 'g.scope', 'g.text', 'g.text_version', 'g.granted_at', 'g.revoked_at'])
    .where('g.member_id', '=', memberId)
    .orderBy('g.granted_at', 'desc')
    .orderBy('g.id', 'desc')
    .execute();
}

/** Active organisations a member may grant sight to (by name). */
export async function activeOrganisations(q: Db | Tx, limit: number) {
  return q.selectFrom('organisations').select(['id', 'name']).where('status', '=', 'active').orderBy('name').orderBy('id').limit(limit).execute();
}

export async function organisationName(q: Db | Tx, organisationId: string): Promise<string | null> {
  const row = await q.selectFrom('organisations').select('name').where('id', '=', organisationId).where('status', '=', 'active').executeTakeFirst();
  return row?.name ?? null;
}

/**
 * Bumps the organisation's consent revision, in the transaction of the grant or revocation, and stamps
 * the grant rows that changed with it. The row lock of the upsert orders concurrent changes.
 */
export async function bumpRevision(tx: Tx, organisationId: string, grantIds: readonly string[]): Promise<number> {
  await tx
    .insertInto('consent_revisions')
    .values({ organisation_id: organisationId, revision: 1 })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ revision: sql`consent_revisions.revision + 1` }))
    .execute();
  const { revision } = await tx.selectFrom('consent_revisions').select('revision').where('organisation_id', '=', organisationId).executeTakeFirstOrThrow();
  if (grantIds.length) await tx.updateTable('consent_grants').set({ revision }).where('id', 'in', grantIds).execute();
  return revision;
}

/** The members whose grants to the organisation changed after `revision`. */
export async function membersChangedSince(q: Db | Tx, organisationId: string, revision: number): Promise<string[]> {
  const rows = await q.selectFrom('consent_grants').select('member_id').distinct().where('organisation_id', '=', organisationId).where('revision', '>', revision).execute();
  return rows.map((r) => r.member_id);
}

/**
 * What the team view's cache is keyed by, in one read: the organisation's consent revision and the
 * credential status epoch (bumped with every status change of any credential).
 */
export async function snapshotKey(q: Db | Tx, organisationId: string): Promise<{ revision: number; epoch: number }> {
  const row = await sql<{ revision: number | null; epoch: number | null }>`select
      (select revision from consent_revisions where organisation_id = ${organisationId}) as revision,
      (select epoch from credential_status_epoch where id = 1) as epoch`.execute(q);
  const r = row.rows[0];
  return { revision: Number(r?.revision ?? 0), epoch: Number(r?.epoch ?? 0) };
}

/** The members who granted the organisation sight of `scope` (and have not revoked it). */
export function consentedMemberIds(q: Db | Tx, organisationId: string, scope: ConsentScope) {
  return q.selectFrom('consent_grants').select('member_id').where('organisation_id', '=', organisationId).where('scope', '=', scope).where('revoked_at', 'is', null);
}

/** Rows inserted per statement: keeps well under SQLite's bound-parameter limit (five columns a row at most). */
const CHUNK = 200;

export type ViewEntry = { organisationId: string; viewerId: string; operation: string; members: ReadonlyArray<{ memberId: string; scopes: readonly ConsentScope[] }>; at: Date };

/**
 * Logs views: a row for each view and one per member whose data it showed, with the scopes of theirs
 * it showed. Written in the caller's transaction, several views' rows in each statement.
 */
export async function logViews(tx: Tx, entries: readonly ViewEntry[]): Promise<void> {
  const views: Array<{ id: string; organisation_id: string; viewer_id: string; operation: string; viewed_at: string }> = [];
  const members: Array<{ view_id: string; member_id: string; scopes: string; viewed_at: string }> = [];
  for (const v of entries) {
    if (v.members.length === 0) continue;
    const id = newId();
    const at = v.at.toISOString();
    views.push({ id, organisation_id: v.organisationId, viewer_id: v.viewerId, operation: v.operation, viewed_at: at });
    for (const m of v.members) members.push({ view_id: id, member_id: m.memberId, scopes: m.scopes.join(' '), viewed_at: at });
  }
  for (let i = 0; i < views.length; i += CHUNK) await tx.insertInto('consent_views').values(views.slice(i, i + CHUNK)).execute();
  for (let i = 0; i < members.length; i += CHUNK) await tx.insertInto('consent_view_members').values(members.slice(i, i + CHUNK)).execute();
}

/** The member's view log, newest first; `before` is the (viewed_at, view id) of the last row of the previous page. */
export async function viewsOf(q: Db | Tx, memberId: string, before: { at: string; id: string } | null, limit: number) {
  let query = q
    .selectFrom('consent_view_members as m')
    .innerJoin('consent_views as v', 'v.id', 'm.view_id')
    .innerJoin('organisations as o', 'o.id', 'v.organisation_id')
    .innerJoin('users as u', 'u.id', 'v.viewer_id')
    .select(['m.view_id', 'm.viewed_at', 'm.scopes', 'v.operation', 'v.organisation_id', 'o.name as organisation_name', 'u.name as viewer_name'])
    .where('m.member_id', '=', memberId);
  if (before) query = query.where((eb) => eb.or([eb('m.viewed_at', '<', before.at), eb.and([eb('m.viewed_at', '=', before.at), eb('m.view_id', '<', before.id)])]));
  return query.orderBy('m.viewed_at', 'desc').orderBy('m.view_id', 'desc').limit(limit).execute();
}
