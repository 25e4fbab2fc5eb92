import { type Kysely, sql } from 'kysely';
import { type ChainFields, GENESIS, linkOf } from '../../platform/audit/chain.js';

/*
 * The audit log becomes a hash chain (platform/audit/chain.ts): each entry gets a sequence, the hash of the
 * entry before and its own hash; audit_chain_head keeps the last of them for writers; audit_heads keeps the
 * signed head of each day, which anyone may fetch and keep. Entries written before are chained here in the
 * order they were written (time, then id), with the append-only trigger lifted for that one update.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const isPostgres = db.getExecutor().adapter.constructor.name.startsWith('Postgres');
  await db.schema.alterTable('audit_log').addColumn('seq', 'integer').execute();
  await db.schema.alterTable('audit_log').addColumn('prev_hash', 'text').execute();
  await db.schema.alterTable('audit_log').addColumn('hash', 'text').execute();
  await db.schema
    .createTable('audit_chain_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('audit_heads')
    .addColumn('day', 'text', (c) => c.primaryKey())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('jws', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  if (isPostgres) await sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`.execute(db);
  else await sql`DROP TRIGGER audit_log_no_update`.execute(db);
  let seq = 0;
  let prev = GENESIS;
  let after: { at: string; id: string } | null = null;
  for (;;) {
    let page = db.selectFrom('audit_log').selectAll().orderBy('at').orderBy('id').limit(1000);
    if (after) {
      const a = after;
      page = page.where((eb) => eb.or([eb('at', '>', a.at), eb.and([eb('at', '=', a.at), eb('id', '>', a.id)])]));
    }
    const rows = (await page.execute()) as ChainFields[];
    if (rows.length === 0) break;
    for (const r of rows) {
      const link = linkOf(++seq, prev, r);
      await db.updateTable('audit_log').set(link).where('id', '=', r.id).execute();
      prev = link.hash;
    }
    after = rows[rows.length - 1] as ChainFields;
  }
  if (isPostgres) await sql`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`.execute(db);
  else
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  await db.insertInto('audit_chain_head').values({ id: 1, seq, hash: prev }).execute();
  await db.schema.createIndex('audit_log_seq_idx').on('audit_log').column('seq').unique().execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
