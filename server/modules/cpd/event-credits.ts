import type { Insertable } from 'kysely';
import type { CpdActivityType } from '../../../contracts/cpd-types.js';
import type { DbHandle, Tx } from '../../db/database.js';
import type { CpdActivitiesTable } from '../../db/schema.js';
import { DomainError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { type ImportsRepository, importsRepository } from './imports.repository.js';

/** The approved provider every credit from the body's own events is given through. */
export const EVENTS_PROVIDER_SLUG = 'body-events';

export type EventCredit = { memberId: string; key: string; type: CpdActivityType; title: string; occurredOn: string; quarters: number; provider: string; details: Record<string, string> };

const repos = new WeakMap<DbHandle, ImportsRepository>();

/**
 * Credits CPD from one of the body's events through the provider path, in the caller's transaction: verified
 * activities of the approved provider "the body's events" (made on first use; a scheme administrator may
 * suspend it like any other, and then nothing is credited), each keyed by (provider, `key`), so a key
 * credited before is never credited again. Answers the members given a new credit; the caller runs the
 * standing recheck (afterCredit) for them once the transaction has committed.
 */
export async function creditFromEvent(handle: DbHandle, tx: Tx, credits: readonly EventCredit[], now: Date): Promise<{ credited: number; memberIds: string[] }> {
  const repo = repos.get(handle) ?? importsRepository(handle);
  repos.set(handle, repo);
  const at = now.toISOString();
  await tx
    .insertInto('cpd_providers')
    .values({ id: newId(), slug: EVENTS_PROVIDER_SLUG, name: "The body's events", contact_email: null, status: 'approved', approved_by: null, approved_at: at, created_at: at, updated_at: at })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  const provider = await tx.selectFrom('cpd_providers').select(['id', 'status', 'name']).where('slug', '=', EVENTS_PROVIDER_SLUG).executeTakeFirstOrThrow();
  if (provider.status !== 'approved') throw new DomainError('CONFLICT', `${provider.name} is suspended as a CPD provider, so no CPD can be credited from events; ask the scheme administrator to reactivate it.`);
  const seen = new Set((await repo.creditedKeys(tx, provider.id, credits.map((c) => c.key))).map((r) => r.row_key));
  const fresh: Insertable<CpdActivitiesTable>[] = credits
    .filter((c) => !seen.has(c.key))
    .map((c) => ({
      id: newId(),
      member_id: c.memberId,
      type: c.type,
      title: c.title,
      occurred_on: c.occurredOn,
      quarters: c.quarters,
      provider: c.provider,
      learned: null,
      apply: null,
      details: JSON.stringify(c.details),
      source: 'event' as const,
      verified: 1,
      provider_id: provider.id,
      import_id: null,
      row_key: c.key,
      activity_code: null,
      audit_status: null,
      created_at: at,
      updated_at: at,
      deleted_at: null,
    }));
  await repo.insertCredits(tx, fresh);
  return { credited: fresh.length, memberIds: [...new Set(fresh.map((r) => r.member_id))] };
}

/**
 * Takes back credits from the body's events (a check-in undone after the close): each live credit with one of
 * `keys` is soft-deleted, as a member's deletion is, so the log, the totals and the export stop counting it.
 * It also gives up its key (the row keeps it with a ":withdrawn:" suffix), so a new check-in and a re-close
 * may credit the same session again; a credit the member deleted themselves keeps its key and stays deleted.
 * Answers what was withdrawn; the caller rechecks the members' standing once the transaction has committed.
 */
export async function withdrawEventCredits(tx: Tx, keys: readonly string[], now: Date): Promise<Array<{ memberId: string; title: string; quarters: number; key: string }>> {
  if (keys.length === 0) return [];
  const provider = await tx.selectFrom('cpd_providers').select('id').where('slug', '=', EVENTS_PROVIDER_SLUG).executeTakeFirst();
  if (!provider) return [];
  const rows = await tx
    .selectFrom('cpd_activities')
    .select(['id', 'member_id', 'title', 'quarters', 'row_key'])
    .where('provider_id', '=', provider.id)
    .where('row_key', 'in', [...keys])
    .where('deleted_at', 'is', null)
    .execute();
  const at = now.toISOString();
  for (const r of rows) {
    await tx.deleteFrom('cpd_activity_evidence').where('activity_id', '=', r.id).execute();
    await tx.updateTable('cpd_activities').set({ deleted_at: at, updated_at: at, row_key: `${r.row_key}:withdrawn:${r.id}` }).where('id', '=', r.id).execute();
  }
  return rows.map((r) => ({ memberId: r.member_id, title: r.title, quarters: r.quarters, key: r.row_key as string }));
}
