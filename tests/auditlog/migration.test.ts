import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase } from '../../server/db/database.js';
import { migrations } from '../../server/db/migrations/index.js';
import { verifyAuditChain } from '../../server/modules/auditlog/verify.js';
import { auditRow, systemActor } from '../../server/platform/audit.js';
import { testDialect } from '../support/app.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-chain-migration-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// The migration's own code is dialect-neutral but for lifting the trigger; SQLite exercises the chaining.
describe.skipIf(testDialect !== 'sqlite')('migration 0033', () => {
  it('chains the entries written before it in the order they were written', async () => {
    const h = openDatabase({ kind: 'sqlite', file: path.join(dir, 'old.sqlite') });
    try {
      const migrator = new Migrator({ db: h.db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('0027_ticket_sponsorship')).error).toBeUndefined();
      // Written out of order: the chain follows their times (then ids), not the order of insertion.
      const times = ['2026-03-01T10:00:00.000Z', '2026-01-01T10:00:00.000Z', '2026-02-01T10:00:00.000Z'];
      const rows = times.map((t, i) => auditRow(systemActor, { action: `old.entry_${i}` }, new Date(t)));
      for (const r of rows) await h.db.insertInto('audit_log').values(r).execute();
      await migrateToLatest(h.db);
      const chained = await h.db.selectFrom('audit_log').select(['action', 'seq']).orderBy('seq').execute();
      expect(chained).toEqual([
        { action: 'old.entry_1', seq: 1 },
        { action: 'old.entry_2', seq: 2 },
        { action: 'old.entry_0', seq: 3 },
      ]);
      expect(await verifyAuditChain(h.db)).toMatchObject({ ok: true, entries: 3 });
      // The append-only trigger is back.
      await expect(h.db.updateTable('audit_log').set({ action: 'x' }).execute()).rejects.toThrow(/append-only/);
    } finally {
      await h.close();
    }
  });
});
