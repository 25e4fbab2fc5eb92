import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { up as sponsorships0016 } from '../../server/db/migrations/0016_employment_sponsorship.js';
import { up as ticketSponsorship0027 } from '../../server/db/migrations/0027_ticket_sponsorship.js';

/*
 * Migration 0027 on SQLite rebuilds `sponsorships` so application_id may be empty: rows written before it
 * keep every column, and the indexes are back. (PostgreSQL drops the NOT NULL in place; every test app on
 * PostgreSQL runs it.)
 */
describe('migration 0027 on SQLite', () => {
  it('keeps the rows, relaxes application_id and adds event_registration_id', async () => {
    // Only the one table is made here, so the rows' references point nowhere: checks off.
    const raw = new Database(':memory:');
    raw.pragma('foreign_keys = OFF');
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: raw }) });
    await sponsorships0016(db);
    const row = { id: 's1', organisation_id: 'o1', member_id: 'u1', kind: 'application_fee', application_id: 'a1', note: 'With thanks', status: 'paid', offered_by: 'u2', offered_at: '2026-01-01T00:00:00.000Z', answered_at: '2026-01-02T00:00:00.000Z', paid_at: '2026-01-03T00:00:00.000Z', paid_by: 'u2' };
    await db.insertInto('sponsorships').values(row).execute();
    await expect(db.insertInto('sponsorships').values({ ...row, id: 's0', application_id: null }).execute()).rejects.toThrow(/NOT NULL/);

    await ticketSponsorship0027(db);
    expect(await db.selectFrom('sponsorships').selectAll().execute()).toEqual([{ ...row, event_registration_id: null }]);
    await db.insertInto('sponsorships').values({ ...row, id: 's2', kind: 'event_ticket', application_id: null, event_registration_id: 'r1' }).execute();
    const indexes = (await db.selectFrom('sqlite_master').select('name').where('type', '=', 'index').where('tbl_name', '=', 'sponsorships').execute()).map((r) => r.name).sort();
    expect(indexes).toEqual(expect.arrayContaining(['sponsorships_application_idx', 'sponsorships_member_idx', 'sponsorships_org_idx', 'sponsorships_registration_idx']));
    await db.destroy();
  });
});
