// `npx tsx bench/cpd-daily.ts [--credentials N]`: the daily CPD standing job (reminders, grace, suspension,
// lapse, reinstatement, audit expiry) over N credentials (default 1,000,000) on SQLite, bulk-seeded with awards
// spread over three years (so each day some cycles end and some reach a reminder point) and CPD logged for a
// fifth of the holders. Measures the first run (which starts a state for every credential), a day's run, a
// second run on the same day (which must change nothing), the next day and the 1st of the next month, against
// a baseline measured in the same run: a plain scan of the same credential rows. Aim: the daily job, the first
// run included, in ≤ 30 s. Writes bench/results/cpd-daily-<date>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { addDays } from '../server/modules/cpd/cpd.dates.js';
import { loadDefaultScheme } from '../server/modules/schemes/default-scheme.js';
import { installScheme } from '../server/modules/schemes/install.js';
import { systemActor } from '../server/platform/audit.js';
import { newId } from '../server/platform/ids.js';
import { freshBenchDatabase, numberFlag, seededRandom } from './common.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const N = numberFlag('credentials', 1_000_000, { integer: true });
const AIM_S = 30;
const TODAY = '2026-11-25';

/** Bytes this process has written to storage so far (Linux); the first run's cost is mostly index pages rewritten at each commit. */
const writtenBytes = () => {
  try {
    return Number(/^write_bytes: (\d+)$/m.exec(fs.readFileSync('/proc/self/io', 'utf8'))?.[1] ?? Number.NaN);
  } catch {
    return Number.NaN;
  }
};

const cpuSeconds = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e6;
};

async function main() {
  const { dataDir, file, database, sqlite, remove } = await freshBenchDatabase('cpd-daily');
  sqlite.pragma('cache_size = -1000000');
  const rnd = seededRandom(20261125);
  const at = `${TODAY}T02:00:00.000Z`;
  const bodyId = newId();
  await database.db.insertInto('bodies').values({ id: bodyId, slug: 'bench', name: 'Bench body', short_name: 'BB', country: 'GB', website: null, created_at: at }).execute();
  const { versionId } = await installScheme(database.db, { bodyId, scheme: loadDefaultScheme(), by: systemActor, now: new Date(at) });

  const seedStart = performance.now();
  const ins = {
    user: sqlite.prepare(`INSERT INTO users (id, email, name, password_hash, email_verified_at, status, country, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, 'active', NULL, ?, ?)`),
    credential: sqlite.prepare(
      `INSERT INTO credentials (id, holder_id, application_id, scheme_version_id, level_id, level_name, post_nominals, awarded_at, review_at, status, status_changed_at, created_at) VALUES (?, ?, NULL, ?, 'member', 'Member', 'MGH', ?, ?, 'active', ?, ?)`,
    ),
    activity: sqlite.prepare(
      `INSERT INTO cpd_activities (id, member_id, type, title, occurred_on, quarters, provider, learned, apply, details, source, verified, provider_id, import_id, row_key, activity_code, audit_status, created_at, updated_at, deleted_at) VALUES (?, ?, ?, 'Course', ?, ?, NULL, 'x', 'y', '{}', 'manual', 0, NULL, NULL, NULL, NULL, NULL, ?, ?, NULL)`,
    ),
  };
  let activities = 0;
  sqlite.transaction(() => {
    for (let i = 0; i < N; i++) {
      const uid = newId();
      ins.user.run(uid, `holder${i}@bench.example.org`, `Holder ${i}`, at, at, at);
      // Awards spread evenly over the three years before today: every day, some cycles end.
      const awarded = addDays(TODAY, -Math.floor(rnd() * 1096) - 1);
      ins.credential.run(newId(), uid, versionId, `${awarded}T09:00:00.000Z`, '2035-01-01T00:00:00.000Z', `${awarded}T09:00:00.000Z`, `${awarded}T09:00:00.000Z`);
      if (rnd() < 0.2)
        for (let k = 0; k < 3; k++) {
          const day = addDays(awarded, Math.floor(rnd() * 900));
          if (day >= TODAY) continue;
          ins.activity.run(newId(), uid, k === 0 ? 'work-practice' : 'training', day, 4 * (4 + Math.floor(rnd() * 12)), at, at);
          activities++;
        }
    }
  })();
  const seedS = (performance.now() - seedStart) / 1000;

  // Baseline: a plain scan of the same credential rows.
  const cpuB = process.cpuUsage();
  const tb = performance.now();
  let scanned = 0;
  for (const _row of sqlite.prepare('SELECT id, holder_id, awarded_at, status FROM credentials').iterate()) scanned++;
  const baselineS = (performance.now() - tb) / 1000;
  const baselineCpuS = cpuSeconds(cpuB);
  if (scanned !== N) throw new Error(`scanned ${scanned} of ${N}`);

  let now = new Date(`${TODAY}T03:00:00.000Z`);
  const config = loadConfig({ LOG_LEVEL: 'silent', GUILDHALL_DATA_DIR: dataDir, GUILDHALL_WORKER: '0', PORT: '0' });
  const g = await buildApp({ config: { ...config, database: { kind: 'sqlite', file } }, database, mailTransport: null, clock: { now: () => new Date(now) } });
  const daily = g.services.cpd.standards.daily;
  let reports = 0;
  const timed = async (what: string) => {
    const cpu = process.cpuUsage();
    const written = writtenBytes();
    const t = performance.now();
    const result = await daily.run({}, async () => {
      reports++;
    });
    return { what, seconds: (performance.now() - t) / 1000, cpuSeconds: cpuSeconds(cpu), writtenMB: (writtenBytes() - written) / 1e6, result };
  };

  const first = await timed('first run: start a state for every credential');
  now = new Date(`${addDays(TODAY, 1)}T03:00:00.000Z`);
  const day = await timed(`a day's run (aim ≤ ${AIM_S} s)`);
  const again = await timed('the same day again (changes nothing)');
  if (again.result.changed !== 0 || again.result.reminders !== 0) throw new Error(`the second run changed ${again.result.changed}`);
  now = new Date(`${addDays(TODAY, 2)}T03:00:00.000Z`);
  const next = await timed("the next day's run");
  // States started in the first run that wait for a first reminder point next month are checked on its 1st.
  now = new Date('2026-12-01T03:00:00.000Z');
  const monthStart = await timed("the 1st of the next month's run");

  const table = [
    { what: `baseline: plain scan of ${N} credentials`, seconds: baselineS, cpuSeconds: baselineCpuS, writtenMB: 0, ratio: 1, result: null },
    ...[first, day, again, next, monthStart].map((r) => ({ ...r, ratio: r.seconds / baselineS })),
  ];
  const mails = Number((sqlite.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n);
  console.log(`\nCPD daily job: ${N} credentials, ${activities} activities (seeded in ${seedS.toFixed(1)} s), SQLite, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)}\n`);
  console.log(`${'what'.padEnd(48)} ${'seconds'.padStart(8)} ${'cpu s'.padStart(7)} ${'× scan'.padStart(7)} ${'MB out'.padStart(7)}  checked / changed / reminders / transitions`);
  for (const r of table)
    console.log(
      `${r.what.padEnd(48)} ${r.seconds.toFixed(2).padStart(8)} ${r.cpuSeconds.toFixed(2).padStart(7)} ${r.ratio.toFixed(1).padStart(7)} ${r.writtenMB.toFixed(0).padStart(7)}  ${r.result ? `${r.result.started ? `started ${r.result.started}, ` : ''}${r.result.checked} / ${r.result.changed} / ${r.result.reminders} / ${r.result.transitions}` : ''}`,
    );
  console.log(`\nmails queued: ${mails}; progress reports: ${reports}`);
  console.log(day.seconds <= AIM_S ? `a day's run is within the aim of ${AIM_S} s` : `a day's run is OVER the aim of ${AIM_S} s`);

  const outDir = path.join(here, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, `cpd-daily-${new Date().toISOString().slice(0, 10)}.json`);
  fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version, load: os.loadavg()[0] }, credentials: N, activities, seedSeconds: seedS, aimSeconds: AIM_S, mails, table }, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
  await g.app.close();
  await remove();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
