import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import type { Database, IssuedCredentialsTable, IssuerKeysTable, StatusListsTable } from '../../db/schema.js';
import type { SealedSecret } from '../../platform/sealed.js';
import type { IssuerKeyRecord } from './issuing/keys.js';
import type { StatusPurpose } from './status/status-list.js';

/* Issuer keys, status lists, issued credentials and holder DIDs: the only SQL of the issuing side. */

type Q = Db | Tx;
export type StatusListRow = Selectable<StatusListsTable>;
export type IssuedRow = Selectable<IssuedCredentialsTable>;
export type CredentialStatus = 'active' | 'suspended' | 'lapsed' | 'revoked';

const isPostgres = (q: Kysely<Database>) => q.getExecutor().adapter.constructor.name.startsWith('Postgres');

export const keyRecordOf = (r: Selectable<IssuerKeysTable>): IssuerKeyRecord => ({
  id: r.id,
  controller: r.controller,
  number: Number(r.number),
  publicKeyMultibase: r.public_key_multibase,
  secret: JSON.parse(r.secret) as SealedSecret,
  createdAt: r.created_at,
  retiredAt: r.retired_at,
});

/** What issuing needs to know of a credential record that has no issued credential yet. */
export type PendingCredential = {
  id: string;
  holder_id: string;
  scheme_version_id: string;
  level_id: string;
  level_name: string;
  awarded_at: string;
  created_at: string;
  status: CredentialStatus;
  email: string;
  did: string | null;
};

/** A credential record with its issued credential (if any) and holder, for the public answers. */
export type CredentialView = {
  id: string;
  holder_id: string;
  holder_name: string;
  listed: number | null;
  scheme_version_id: string;
  level_id: string;
  level_name: string;
  post_nominals: string | null;
  awarded_at: string;
  review_at: string;
  status: CredentialStatus;
  status_changed_at: string;
  jsonld: string | null;
  jwt: string | null;
  issued_at: string | null;
};

export const credentialsRepository = {
  // ---- keys ----
  keys: async (q: Q): Promise<IssuerKeyRecord[]> => (await q.selectFrom('issuer_keys').selectAll().orderBy('number').execute()).map(keyRecordOf),

  /** Adds a key; false when another process took the same number first. */
  insertKey: async (q: Q, k: IssuerKeyRecord): Promise<boolean> => {
    const r = await q
      .insertInto('issuer_keys')
      .values({ id: k.id, controller: k.controller, number: k.number, public_key_multibase: k.publicKeyMultibase, secret: JSON.stringify(k.secret), created_at: k.createdAt, retired_at: k.retiredAt })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
  },

  /** Marks a key retired; false when it already was. */
  retireKey: async (q: Q, id: string, at: string): Promise<boolean> => {
    const r = await q.updateTable('issuer_keys').set({ retired_at: at }).where('id', '=', id).where('retired_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },

  // ---- the status epoch: one number every cache of status and keys is checked against ----
  epoch: async (q: Q): Promise<number> => Number((await q.selectFrom('credential_status_epoch').select('epoch').where('id', '=', 1).executeTakeFirstOrThrow()).epoch),
  bumpEpoch: (q: Q) => q.updateTable('credential_status_epoch').set({ epoch: sql`epoch + 1` }).where('id', '=', 1).execute(),

  // ---- status lists ----
  list: (q: Q, id: string): Promise<StatusListRow | undefined> => q.selectFrom('status_lists').selectAll().where('id', '=', id).executeTakeFirst(),

  /** Lists of a purpose that still have room, oldest first. */
  openLists: (q: Q, purpose: StatusPurpose): Promise<StatusListRow[]> =>
    q.selectFrom('status_lists').selectAll().where('purpose', '=', purpose).where('allocated', '<', sql<number>`length`).orderBy('created_at').orderBy('id').execute(),

  insertList: (q: Q, row: Insertable<StatusListsTable>) => q.insertInto('status_lists').values(row).execute(),

  addAllocated: (q: Q, id: string, n: number) => q.updateTable('status_lists').set({ allocated: sql`allocated + ${n}` }).where('id', '=', id).execute(),

  /** Marks lists changed (their bits are derived, so this is what a cache sees). */
  touchLists: (q: Q, ids: string[], now: Date) =>
    ids.length ? q.updateTable('status_lists').set({ version: sql`version + 1`, changed_at: now.toISOString() }).where('id', 'in', ids).execute() : Promise.resolve(),

  /** The indices already taken in a list. */
  usedIndices: async (q: Q, listId: string, purpose: StatusPurpose): Promise<number[]> => {
    const rows =
      purpose === 'revocation'
        ? await q.selectFrom('issued_credentials').select('revocation_index as i').where('revocation_list_id', '=', listId).execute()
        : await q.selectFrom('issued_credentials').select('suspension_index as i').where('suspension_list_id', '=', listId).execute();
    return rows.map((r) => Number(r.i));
  },

  /** The indices whose bit is set: revoked credentials in a revocation list; suspended or lapsed ones in a suspension list. */
  setIndices: async (q: Q, listId: string, purpose: StatusPurpose): Promise<number[]> => {
    const rows =
      purpose === 'revocation'
        ? [
            ...(await q
              .selectFrom('issued_credentials as i')
              .innerJoin('credentials as c', 'c.id', 'i.credential_id')
              .select('i.revocation_index as i')
              .where('i.revocation_list_id', '=', listId)
              .where('c.status', '=', 'revoked')
              .execute()),
            // Credentials of attendance (events/closing) keep lists of their own; a superseded one is revoked.
            ...(await q.selectFrom('event_attendance_credentials').select('revocation_index as i').where('revocation_list_id', '=', listId).where('revoked_at', 'is not', null).execute()),
          ]
        : await q
            .selectFrom('issued_credentials as i')
            .innerJoin('credentials as c', 'c.id', 'i.credential_id')
            .select('i.suspension_index as i')
            .where('i.suspension_list_id', '=', listId)
            .where('c.status', 'in', ['suspended', 'lapsed'])
            .execute();
    return rows.map((r) => Number(r.i));
  },

  // ---- issuing ----
  /** Credential records without an issued credential, oldest first (only `ids`, when given). */
  pending: (q: Q, limit: number, ids?: readonly string[], except: readonly string[] = []): Promise<PendingCredential[]> => {
    let s = q
      .selectFrom('credentials as c')
      .leftJoin('issued_credentials as i', 'i.credential_id', 'c.id')
      .innerJoin('users as u', 'u.id', 'c.holder_id')
      .leftJoin('holder_dids as h', 'h.user_id', 'c.holder_id')
      .select(['c.id', 'c.holder_id', 'c.scheme_version_id', 'c.level_id', 'c.level_name', 'c.awarded_at', 'c.created_at', 'c.status', 'u.email', 'h.did'])
      .where('i.credential_id', 'is', null);
    if (ids) s = s.where('c.id', 'in', ids.length ? ids : ['']);
    if (except.length) s = s.where('c.id', 'not in', except);
    return s.orderBy('c.created_at').orderBy('c.id').limit(limit).execute();
  },

  countPending: async (q: Q): Promise<number> =>
    Number(
      (
        await q
          .selectFrom('credentials as c')
          .leftJoin('issued_credentials as i', 'i.credential_id', 'c.id')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('i.credential_id', 'is', null)
          .executeTakeFirstOrThrow()
      ).n,
    ),

  insertIssued: async (q: Q, rows: Insertable<IssuedCredentialsTable>[]) => {
    // Bound the statement's parameter count (SQLite allows 32,766; PostgreSQL 65,535).
    for (let i = 0; i < rows.length; i += 500) await q.insertInto('issued_credentials').values(rows.slice(i, i + 500)).execute();
  },

  issued: (q: Q, credentialId: string): Promise<IssuedRow | undefined> => q.selectFrom('issued_credentials').selectAll().where('credential_id', '=', credentialId).executeTakeFirst(),

  countIssued: async (q: Q): Promise<number> => Number((await q.selectFrom('issued_credentials').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),

  // ---- credential records ----
  /** The record, locked for the rest of the transaction on PostgreSQL. */
  credentialForUpdate: (q: Q, id: string) => {
    const s = q.selectFrom('credentials').select(['id', 'holder_id', 'status', 'level_id', 'level_name']).where('id', '=', id);
    return (isPostgres(q) ? s.forUpdate() : s).executeTakeFirst();
  },

  setStatus: (q: Q, id: string, status: CredentialStatus, now: Date) =>
    q.updateTable('credentials').set({ status, status_changed_at: now.toISOString() }).where('id', '=', id).execute(),

  view: (q: Q, id: string): Promise<CredentialView | undefined> =>
    q
      .selectFrom('credentials as c')
      .innerJoin('users as u', 'u.id', 'c.holder_id')
      .leftJoin('register_listings as r', 'r.holder_id', 'c.holder_id')
      .leftJoin('issued_credentials as i', 'i.credential_id', 'c.id')
      .select([
        'c.id', 'c.holder_id', 'u.name as holder_name', 'r.listed', 'c.scheme_version_id', 'c.level_id', 'c.level_name', 'c.post_nominals',
        'c.awarded_at', 'c.review_at', 'c.status', 'c.status_changed_at', 'i.jsonld', 'i.jwt', 'i.issued_at',
      ])
      .where('c.id', '=', id)
      .executeTakeFirst(),

  status: async (q: Q, id: string): Promise<CredentialStatus | undefined> => (await q.selectFrom('credentials').select('status').where('id', '=', id).executeTakeFirst())?.status,

  // ---- the body and holders ----
  body: (q: Q) => q.selectFrom('bodies').select(['name', 'short_name', 'website']).orderBy('created_at').limit(1).executeTakeFirst(),

  holderDid: async (q: Q, userId: string): Promise<{ did: string; linked_at: string } | undefined> =>
    q.selectFrom('holder_dids').select(['did', 'linked_at']).where('user_id', '=', userId).executeTakeFirst(),
  setHolderDid: (q: Q, userId: string, did: string, now: Date) =>
    q
      .insertInto('holder_dids')
      .values({ user_id: userId, did, linked_at: now.toISOString() })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ did, linked_at: now.toISOString() }))
      .execute(),
  deleteHolderDid: (q: Q, userId: string) => q.deleteFrom('holder_dids').where('user_id', '=', userId).executeTakeFirst(),
};
export type CredentialsRepository = typeof credentialsRepository;
