// The audit log's hash chain: what it costs a writer, and how fast `guildhall audit verify` walks it.
// SQLite: a plain prepared INSERT (the hot paths before the chain) against the chained writer (head moved,
// entry hashed, entry inserted), N entries in group commits of 50 like the CPD log's and the door's.
// PostgreSQL (BENCH_PG_URL=postgres://…): audit() from 20 concurrent transactions, against a plain insert
// through the query builder the same way: the head row's lock makes writers take turns.
// npx tsx bench/audit-chain.ts [--entries 20000]
import pg from 'pg';
import { sql } from 'kysely';
import { migrateToLatest, openDatabase } from '../server/db/database.js';
import { verifyAuditChain } from '../server/modules/auditlog/verify.js';
import { audit, auditRow, sqliteAuditWriter, systemActor } from '../server/platform/audit.js';
import { freshBenchDatabase, numberFlag } from './common.js';

const N = numberFlag('entries', 20000, { integer: true });
const now = new Date('2026-12-01T09:00:00.000Z');
const entry = (i: number) => auditRow({ ...systemActor, actorId: `user-${i % 97}` }, { action: 'cpd.activity_logged', subjectType: 'cpd_activity', subjectId: `a-${i}`, details: { quarters: i % 40 } }, now);

async function sqliteFigures() {
  const b = await freshBenchDatabase('audit-chain');
  try {
    const plain = b.sqlite.prepare('INSERT INTO audit_log (id, at, actor_id, action, subject_type, subject_id, ip, request_id, details) VALUES (@id, @at, @actor_id, @action, @subject_type, @subject_id, @ip, @request_id, @details)');
    const chained = sqliteAuditWriter(b.sqlite);
    const run = (write: (i: number) => void) => {
      const t = process.hrtime.bigint();
      for (let i = 0; i < N; i += 50) b.sqlite.transaction(() => {
        for (let j = i; j < Math.min(N, i + 50); j++) b.sqlite.transaction(() => write(j))();
      })();
      return Number(process.hrtime.bigint() - t) / 1e3 / N;
    };
    const base = run((i) => plain.run(entry(i)));
    await sql`DELETE FROM audit_log WHERE seq IS NULL`.execute(b.database.db).catch(() => undefined);
    const chain = run((i) => chained(entry(i)));
    const t = process.hrtime.bigint();
    const v = await verifyAuditChain(b.database.db);
    const verifyPerSec = v.entries / (Number(process.hrtime.bigint() - t) / 1e9);
    return { base, chain, verifyPerSec };
  } finally {
    await b.remove();
  }
}

async function pgFigures(url: string) {
  const schema = `bench_chain_${process.pid}`;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`CREATE SCHEMA ${schema}`);
  const h = openDatabase({ kind: 'postgres', url }, { schema });
  try {
    await migrateToLatest(h.db);
    const n = Math.min(N, 2000);
    const run = async (write: (tx: never, i: number) => Promise<unknown>) => {
      const t = process.hrtime.bigint();
      let next = 0;
      await Promise.all(Array.from({ length: 20 }, async () => {
        while (next < n) {
          const i = next++;
          await h.db.transaction().execute((tx) => write(tx as never, i));
        }
      }));
      return n / (Number(process.hrtime.bigint() - t) / 1e9);
    };
    const base = await run((tx: never, i) => (tx as typeof h.db).insertInto('audit_log').values(entry(i)).execute());
    const chain = await run((tx: never, i) => audit(tx, systemActor, { action: 'cpd.activity_logged', subjectId: `a-${i}` }, now));
    return { base, chain };
  } finally {
    await h.close();
    await c.query(`DROP SCHEMA ${schema} CASCADE`);
    await c.end();
  }
}

const s = await sqliteFigures();
console.log(`\nAudit log hash chain, ${N} entries (group commits of 50, each entry in its own savepoint)`);
console.log('| what | µs per entry | ratio |\n| --- | --- | --- |');
console.log(`| SQLite plain INSERT (baseline) | ${s.base.toFixed(2)} | 1.00 |`);
console.log(`| SQLite chained writer | ${s.chain.toFixed(2)} | ${(s.chain / s.base).toFixed(2)} |`);
console.log(`\naudit verify walks ${Math.round(s.verifyPerSec).toLocaleString('en')} entries/s (SQLite, query builder, pages of 2000)`);
if (process.env.BENCH_PG_URL) {
  const p = await pgFigures(process.env.BENCH_PG_URL);
  console.log('\n| PostgreSQL, 20 concurrent writers | entries/s | ratio |\n| --- | --- | --- |');
  console.log(`| plain insert (baseline) | ${Math.round(p.base)} | 1.00 |`);
  console.log(`| audit() chained | ${Math.round(p.chain)} | ${(p.chain / p.base).toFixed(2)} |`);
}
