import type { Kysely } from 'kysely';

/*
 * Issuing verifiable credentials for the credential records an award writes.
 *
 * issuer_keys: the body's Ed25519 signing keys, the secret half sealed (AES-256-GCM under the
 * configured secret), never deleted: a retired key leaves the DID document but its row stays.
 * status_lists: Bitstring Status Lists, one purpose each. The bits are not stored: a bit is set when
 * the status of the credential at that index says so (revoked → revocation; suspended or lapsed →
 * suspension), so a list can never disagree with the records. `version` counts changes, for caches.
 * issued_credentials: the signed Open Badges credential (JSON-LD and VC-JWT) of a credential record
 * with its two status entries; each (list, index) is held by one credential only.
 * holder_dids: a member's own DID, put in the subject of credentials issued after it is linked.
 * credential_status_epoch: one row, bumped with every status change, so each process can tell
 * cheaply whether its in-memory status and document caches are still current.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('issuer_keys')
    .addColumn('id', 'text', (c) => c.primaryKey()) // did:web:<host>#key-<n>
    .addColumn('controller', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('public_key_multibase', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull()) // JSON of the sealed secret
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .addUniqueConstraint('issuer_keys_number_uq', ['controller', 'number'])
    .execute();

  await db.schema
    .createTable('status_lists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull()) // revocation | suspension
    .addColumn('length', 'integer', (c) => c.notNull())
    .addColumn('allocated', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('status_lists_purpose_idx').on('status_lists').columns(['purpose', 'allocated']).execute();

  await db.schema
    .createTable('issued_credentials')
    .addColumn('credential_id', 'text', (c) => c.primaryKey().references('credentials.id'))
    .addColumn('key_id', 'text', (c) => c.notNull().references('issuer_keys.id'))
    .addColumn('holder_salt', 'text', (c) => c.notNull())
    .addColumn('holder_did', 'text')
    .addColumn('jsonld', 'text', (c) => c.notNull())
    .addColumn('jwt', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('revocation_list_id', 'text', (c) => c.notNull().references('status_lists.id'))
    .addColumn('revocation_index', 'integer', (c) => c.notNull())
    .addColumn('suspension_list_id', 'text', (c) => c.notNull().references('status_lists.id'))
    .addColumn('suspension_index', 'integer', (c) => c.notNull())
    .addUniqueConstraint('issued_credentials_revocation_uq', ['revocation_list_id', 'revocation_index'])
    .addUniqueConstraint('issued_credentials_suspension_uq', ['suspension_list_id', 'suspension_index'])
    .execute();

  await db.schema
    .createTable('holder_dids')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('did', 'text', (c) => c.notNull())
    .addColumn('linked_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('credential_status_epoch')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('epoch', 'integer', (c) => c.notNull())
    .execute();
  await db.insertInto('credential_status_epoch').values({ id: 1, epoch: 0 }).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
