// `npx tsx bench/register.ts [--duration N] [--holders N]`: searchRegister over a generated SQLite register
// of N listed holders (default 1,000,000), each with one or two credentials. Holders are bulk-inserted in one
// transaction, search index included (the same rules refreshRegisterEntry applies; a sample is re-derived
// through refreshRegisterEntry and compared). Each query shape is loaded over HTTP with autocannon in its
// own process, beside a bare Fastify hello-world measured in the same run; aim p95 ≤ 20 ms.
// Prints a table with ratios; writes bench/results/register-<date>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { migrateToLatest, openDatabase } from '../server/db/database.js';
import { refreshRegisterEntry } from '../server/modules/register/index.js';
import { credentialUrl, nameTokens, sortName } from '../server/modules/register/register.rules.js';
import { loadDefaultScheme } from '../server/modules/schemes/default-scheme.js';
import { installScheme } from '../server/modules/schemes/install.js';
import { systemActor } from '../server/platform/audit.js';
import { newId } from '../server/platform/ids.js';
import { type HttpMeasure as Http, measureHttp, numberFlag, printLatencyTable, seededRandom } from './common.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DURATION = numberFlag('duration', 10);
const HOLDERS = numberFlag('holders', 1_000_000, { integer: true });
const CONNECTIONS = 20;
const AIM_MS = 20;

const rnd = seededRandom(20261125);
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
/** Picks with a Zipf-like skew: the first entries are much more common than the last, as names are. */
const skewed = <T>(xs: readonly T[]): T => xs[Math.floor(xs.length * rnd() ** 2.2)]!;

const given = ['Mark', 'Maria', 'Martin', 'Marta', 'Anna', 'Ana', 'James', 'John', 'Sarah', 'Seán', 'José', 'Zoë', 'Łukasz', 'Søren', 'Chloé', 'Mohammed', 'Wei', 'Priya', 'Aoife', 'Björn',
  'Élodie', 'Ngozi', 'Hiroshi', 'Fatima', 'Pedro', 'Olga', 'Dmitri', 'Ines', 'Kofi', 'Siobhán', 'Ravi', 'Agnieszka', 'Tomás', 'Ingrid', 'Yusuf', 'Lucía', 'Matthäus', 'Emma', 'Noah', 'Liam', 'Olivia',
  'Ava', 'Ethan', 'Mia', 'Lucas', 'Amélie', 'Jürgen', 'Renée', 'François', 'Zoltán', 'Radu', 'Katarzyna', 'Ölür', 'Ăn', 'Marek', 'Marco', 'Mariana', 'Marius', 'Marguerite', 'Mario'];
const family = ['Smith', 'Müller', "O'Brien", 'García', 'Nguyễn', 'Kowalski', "D'Angelo", 'Ødegaard', 'Jones', 'Brown', 'Martin', 'Martínez', 'Marshall', 'Murphy', 'Kelly', 'Wang', 'Li', 'Patel',
  'Singh', 'Kim', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Rossi', 'Russo', 'Dubois', 'Lefèvre', 'Novák', 'Horváth', 'Nowak', 'Andersen', 'Johansson', 'Virtanen', 'Papadopoulos', 'Yılmaz',
  'Mullins', 'Mulligan', "O'Connor", 'McCarthy', 'Walsh', 'Byrne', 'Taylor', 'Wilson', 'Davies', 'Evans', 'Thomas', 'Roberts', 'Hughes', 'Lewis', 'Ferreira', 'Silva', 'Santos', 'Costa', 'Okafor',
  'Mensah', 'Tanaka', 'Suzuki', 'Sato', 'Chen', 'Zhang', 'Liu', 'Ivanov', 'Petrov', 'Smirnov'];
const syllables = ['ka', 'lo', 'mi', 'ne', 'tor', 'vu', 'zan', 'pe', 'ri', 'sol', 'dan', 'gre', 'hu', 'jas', 'kle', 'mor', 'nix', 'ost', 'pra', 'qui', 'rav', 'sen', 'tul', 'ver', 'wyn', 'yar',
  'zel', 'bor', 'cai', 'dro', 'fen', 'gal', 'hav', 'ith', 'jor', 'kem', 'lun', 'mav', 'nor', 'pim'];
const countries = ['GB', 'US', 'DE', 'IN', 'NL', 'IE', 'FR', 'AU', 'CA', 'ZA', 'ES', 'IT', 'SE', 'PL', 'BR', 'NG', 'JP', 'SG', 'NZ', 'BE', 'DK', 'NO', 'FI', 'PT', 'AT', 'CH', 'CZ', 'HU', 'GR', 'IS'];
const levels = [
  { id: 'associate', name: 'Associate', post: 'AITSMG', share: 0.4 },
  { id: 'member', name: 'Member', post: 'MITSMG', share: 0.35 },
  { id: 'professional', name: 'Professional', post: 'PITSMG', share: 0.2 },
  { id: 'fellow', name: 'Fellow', post: 'FITSMG', share: 0.05 },
];
const statuses = ['active', 'suspended', 'lapsed', 'revoked'] as const;

/** Half the family names come from the common list; the rest from a long tail of invented ones (~64,000). */
function familyName(): string {
  if (rnd() < 0.5) return skewed(family);
  const s = () => syllables[int(0, syllables.length - 1)]!;
  const n = s() + s() + s();
  return n[0]!.toUpperCase() + n.slice(1);
}
function levelIndex(): number {
  const r = rnd();
  let upTo = 0;
  for (const [i, l] of levels.entries()) {
    upTo += l.share;
    if (r < upTo) return i;
  }
  return 0;
}
const status = () => {
  const r = rnd();
  return statuses[r < 0.93 ? 0 : r < 0.96 ? 1 : r < 0.99 ? 2 : 3];
};

const measure = (route: string, url: string) => measureHttp(route, { url, connections: CONNECTIONS }, DURATION);

async function main(dataDir: string) {
  const started = Date.now();
  const file = path.join(dataDir, 'bench.sqlite');
  const database = openDatabase({ kind: 'sqlite', file });
  await migrateToLatest(database.db);
  const sqlite = database.sqlite!;
  // While seeding: a large cache, and no write-ahead log (a 2 GB transaction through the WAL is written twice).
  sqlite.pragma('cache_size = -2000000');
  sqlite.pragma('journal_mode = DELETE');
  sqlite.pragma('synchronous = OFF');
  const now = new Date();
  const at = now.toISOString();
  const bodyId = newId();
  await database.db.insertInto('bodies').values({ id: bodyId, slug: 'bench', name: 'Bench body', short_name: 'BB', country: 'GB', website: null, created_at: at }).execute();
  const { versionId } = await installScheme(database.db, { bodyId, scheme: loadDefaultScheme(), by: systemActor, now });

  const ins = {
    user: sqlite.prepare(`INSERT INTO users (id, email, name, password_hash, email_verified_at, status, country, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, 'active', ?, ?, ?)`),
    credential: sqlite.prepare(
      `INSERT INTO credentials (id, holder_id, application_id, scheme_version_id, level_id, level_name, post_nominals, awarded_at, review_at, status, status_changed_at, created_at) VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    listing: sqlite.prepare('INSERT INTO register_listings (holder_id, listed, show_country, updated_at) VALUES (?, 1, ?, ?)'),
    entry: sqlite.prepare('INSERT INTO register_entries (holder_id, name, sort_name, tokens, country, credentials, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    token: sqlite.prepare('INSERT INTO register_tokens (token, sort_name, holder_id, country, levels, tokens) VALUES (?, ?, ?, ?, ?, ?)'),
    level: sqlite.prepare('INSERT INTO register_levels (level_id, holder_id, sort_name, country) VALUES (?, ?, ?, ?)'),
  };
  // Secondary indexes are dropped for the load and built again after it (sorting once beats a million
  // random inserts); their definitions come from the migrated schema itself.
  const indexes = sqlite
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('users', 'credentials', 'register_entries', 'register_tokens', 'register_levels')`)
    .all() as Array<{ name: string; sql: string }>;
  for (const ix of indexes) sqlite.exec(`DROP INDEX ${ix.name}`);
  const holderIds: string[] = [];
  let credentialId = '';
  let rows = 0;
  sqlite.transaction(() => {
    for (let i = 0; i < HOLDERS; i++) {
      const id = newId();
      holderIds.push(id);
      const name = `${skewed(given)} ${familyName()}`;
      const country = skewed(countries);
      const shown = rnd() < 0.7 ? country : null;
      ins.user.run(id, `holder${i}@bench.example.org`, name, at, country, at, at);
      ins.listing.run(id, shown ? 1 : 0, at);
      const top = levelIndex();
      const held = top > 0 && rnd() < 0.25 ? [top - 1, top] : [top];
      const creds = held.map((li, k) => {
        const year = 2010 + k * 4 + int(0, 8);
        const awarded = `${year}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}T10:00:00.000Z`;
        const l = levels[li]!;
        const cid = newId();
        const c = { id: cid, levelId: l.id, levelName: l.name, postNominals: l.post, awardedAt: awarded, status: status(), url: credentialUrl(cid) };
        ins.credential.run(c.id, id, versionId, l.id, l.name, l.post, awarded, `${year + 3}${awarded.slice(4)}`, c.status, awarded, at);
        return c;
      });
      creds.sort((a, b) => (a.awardedAt === b.awardedAt ? (a.id < b.id ? 1 : -1) : a.awardedAt < b.awardedAt ? 1 : -1)); // newest first, as refreshRegisterEntry keeps them
      if (i === Math.floor(HOLDERS / 2)) credentialId = creds[0]!.id;
      const sort = sortName(name);
      const tokens = nameTokens(name);
      ins.entry.run(id, name, sort, tokens.join(' '), shown, JSON.stringify(creds), at);
      const levelIds = [...new Set(creds.map((c) => c.levelId))];
      for (const t of tokens) ins.token.run(t, sort, id, shown, levelIds.join(' '), tokens.join(' '));
      for (const l of levelIds) ins.level.run(l, id, sort, shown);
      rows += 4 + creds.length * 2 + tokens.length;
    }
  })();
  for (const ix of indexes) sqlite.exec(ix.sql);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('cache_size = -200000');
  const seedSeconds = (Date.now() - started) / 1000;
  sqlite.pragma('analysis_limit = 1000');
  sqlite.exec('ANALYZE');
  console.log(`Seeded ${HOLDERS.toLocaleString('en-GB')} listed holders (${rows.toLocaleString('en-GB')} rows) in ${seedSeconds.toFixed(1)} s (${Math.round(rows / seedSeconds).toLocaleString('en-GB')} rows/s).`);

  // The bulk load must be what refreshRegisterEntry would have written: re-derive a sample and compare.
  const snapshot = (id: string) =>
    JSON.stringify([
      sqlite.prepare('SELECT name, sort_name, tokens, country, credentials FROM register_entries WHERE holder_id = ?').get(id),
      sqlite.prepare('SELECT token, sort_name, country, levels, tokens FROM register_tokens WHERE holder_id = ? ORDER BY token').all(id),
      sqlite.prepare('SELECT level_id, sort_name, country FROM register_levels WHERE holder_id = ? ORDER BY level_id').all(id),
    ]);
  for (let k = 0; k < 200; k++) {
    const id = holderIds[int(0, holderIds.length - 1)]!;
    const before = snapshot(id);
    await database.db.transaction().execute((tx) => refreshRegisterEntry(tx, id, now));
    if (snapshot(id) !== before) throw new Error(`The bulk-loaded register rows of ${id} differ from refreshRegisterEntry's:\n${before}\n${snapshot(id)}`);
  }

  // A rare prefix: the invented family name of one holder, as long as needed to match only a few.
  const rareName = (sqlite.prepare('SELECT tokens FROM register_entries WHERE holder_id = ?').get(holderIds[123]!) as { tokens: string }).tokens.split(' ')[1]!;
  const count = (sql: string, ...args: string[]) => (sqlite.prepare(sql).get(...args) as { n: number }).n;
  const inRange = (p: string) => count(`SELECT count(*) AS n FROM register_tokens WHERE token >= ? AND token < ?`, p, p.slice(0, -1) + String.fromCharCode(p.charCodeAt(p.length - 1) + 1));

  const config = loadConfig({ LOG_LEVEL: 'silent', GUILDHALL_DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '1000000000', GUILDHALL_WORKER: '0', PORT: '0' });
  const g = await buildApp({ config: { ...config, database: { kind: 'sqlite', file } }, database, mailTransport: null });
  const appUrl = await g.app.listen({ port: 0, host: '127.0.0.1' });
  // A cursor 25 pages into the most common prefix, to show keyset paging costs the same deep in.
  let cursor = '';
  for (let k = 0; k < 25; k++) cursor = (await g.app.inject({ method: 'GET', url: `/api/v1/register?q=mar${cursor ? `&cursor=${cursor}` : ''}` })).json().nextCursor;
  const shapes: Array<{ what: string; qs: string }> = [
    { what: `common prefix "mar" (${inRange('mar').toLocaleString('en-GB')} words)`, qs: 'q=mar' },
    { what: 'common prefix "mar", page 26 by cursor', qs: `q=mar&cursor=${cursor}` },
    { what: `common prefix + rare country (q=smi&country=IS)`, qs: 'q=smi&country=IS' },
    { what: 'two words (q=müller+an)', qs: `q=${encodeURIComponent('müller an')}` },
    { what: `rare prefix "${rareName.slice(0, 7)}" (${inRange(rareName.slice(0, 7)).toLocaleString('en-GB')} words)`, qs: `q=${rareName.slice(0, 7)}` },
    { what: `level + country (fellow, IE: ${count(`SELECT count(*) AS n FROM register_levels WHERE level_id = 'fellow' AND country = 'IE'`).toLocaleString('en-GB')})`, qs: 'level=fellow&country=IE' },
    { what: 'level only (member)', qs: 'level=member' },
    { what: 'credential id', qs: `credentialId=${credentialId}` },
  ];
  for (const s of shapes) {
    const r = await g.app.inject({ method: 'GET', url: `/api/v1/register?${s.qs}` });
    if (r.statusCode !== 200 || !r.json().results.length) throw new Error(`${s.what}: ${r.statusCode} ${r.body.slice(0, 300)}`);
  }

  const hello = Fastify({ logger: false });
  hello.get('/', async () => ({ hello: 'world' }));
  const helloUrl = await hello.listen({ port: 0, host: '127.0.0.1' });
  const base = await measure('hello-world (bare Fastify)', `${helloUrl}/`);
  const measured: Http[] = [];
  for (const s of shapes) measured.push(await measure(`searchRegister: ${s.what}`, `${appUrl}/api/v1/register?${s.qs}`));
  await hello.close();
  await g.app.close();
  await database.close();
  const dbBytes = fs.statSync(file).size;

  const table = printLatencyTable(`${HOLDERS.toLocaleString('en-GB')} listed holders, ${CONNECTIONS} connections, ${DURATION} s each; database ${(dbBytes / 2 ** 20).toFixed(0)} MiB`, base, measured, AIM_MS);

  const outDir = path.join(here, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, `register-${new Date().toISOString().slice(0, 10)}.json`);
  const machine = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown' };
  fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), machine, holders: HOLDERS, rows, seedSeconds, dbBytes, connections: CONNECTIONS, durationSeconds: DURATION, aimP95Ms: AIM_MS, http: table }, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), out)} (${((Date.now() - started) / 1000).toFixed(0)} s in all).`);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-bench-register-'));
try {
  await main(dataDir);
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true }); // a million holders take about 2 GB
}
