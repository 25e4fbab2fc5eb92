// `npx tsx bench/team-view.ts [--duration N] [--members N]`: getTeamView of an organisation with N members
// who share their record (default 5,000), each with credentials, a CPD state with logged hours and a
// portfolio summary; most share everything, a tenth only their credentials. Seeded with straight SQL in one
// transaction. Loaded over HTTP with autocannon (20 connections, a signed-in HR session) beside a bare
// Fastify hello-world measured in the same run: the first page with all its figures, a filtered page, and
// the first page while a member's consent changes every second (the next view re-reads that member). Every
// view is logged, one row per member shown. Aim p95 ≤ 100 ms. Prints a table with ratios; writes
// bench/results/team-view-<date>.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import { migrateToLatest, openDatabase } from '../server/db/database.js';
import { consentTexts } from '../server/modules/organisations/consent/consent-texts.js';
import { provisionUser } from '../server/modules/accounts/provision.js';
import { loadDefaultScheme } from '../server/modules/schemes/default-scheme.js';
import { installScheme } from '../server/modules/schemes/install.js';
import { systemActor } from '../server/platform/audit.js';
import { newId } from '../server/platform/ids.js';
import { benchApp, type HttpMeasure, measureHttp, numberFlag, printLatencyTable, seededRandom } from './common.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DURATION = numberFlag('duration', 10);
const MEMBERS = numberFlag('members', 5000, { integer: true });
const CONNECTIONS = 20;
const AIM_MS = 100;
const PASSWORD = 'a long enough bench passphrase';

const rnd = seededRandom(20261207);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
const given = ['Amelia', 'Bilal', 'Chiara', 'Dmitri', 'Esme', 'Femi', 'Gwen', 'Hiro', 'Isla', 'Jamal', 'Kasia', 'Luis', 'Maya', 'Nils', 'Oona', 'Pavel'];
const family = ['Archer', 'Bose', 'Castillo', 'Dunn', 'Eze', 'Fischer', 'Gupta', 'Holm', 'Ito', 'Jensen', 'Khan', 'Lopez', 'Moreau', 'Novak', 'Okafor', 'Park'];
const levels = [
  { id: 'associate', name: 'Associate' },
  { id: 'member', name: 'Member' },
  { id: 'professional', name: 'Professional' },
  { id: 'fellow', name: 'Fellow' },
];
const cpdStates = ['ok', 'ok', 'ok', 'ok', 'short', 'grace', 'suspended', 'lapsed'] as const;
const certifications = ['ITIL 4 Foundation', 'ITIL 4 Managing Professional', 'ISO/IEC 20000 Practitioner', 'COBIT 2019 Foundation', 'SIAM Foundation', 'VeriSM Foundation', 'DevOps Foundation'];
const day = (d: Date) => d.toISOString().slice(0, 10);
const DAY = 86_400_000;

async function main(dataDir: string) {
  const started = Date.now();
  const file = path.join(dataDir, 'bench.sqlite');
  const database = openDatabase({ kind: 'sqlite', file });
  await migrateToLatest(database.db);
  const sqlite = database.sqlite!;
  const now = new Date();
  const at = now.toISOString();
  const bodyId = newId();
  await database.db.insertInto('bodies').values({ id: bodyId, slug: 'bench', name: 'Bench body', short_name: 'BB', country: 'GB', website: null, created_at: at }).execute();
  const { versionId } = await installScheme(database.db, { bodyId, scheme: loadDefaultScheme(), by: systemActor, now });
  const organisationId = newId();
  await database.db
    .insertInto('organisations')
    .values({ id: organisationId, slug: 'bench-org', name: 'Bench Services', country: 'GB', website: null, description: null, logo_sha256: null, status: 'active', requested_by: null, approved_by: null, approved_at: at, created_at: at, updated_at: at })
    .execute();
  const hrId = await provisionUser(database.db, { email: 'hr@bench.example.org', name: 'Bench HR', roles: ['employer_admin'], password: PASSWORD }, systemActor, now);
  await database.db.insertInto('organisation_members').values({ organisation_id: organisationId, user_id: hrId, role: 'hr', added_by: null, added_at: at }).execute();

  const ins = {
    user: sqlite.prepare(`INSERT INTO users (id, email, name, password_hash, email_verified_at, status, country, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, 'active', 'GB', ?, ?)`),
    credential: sqlite.prepare(
      `INSERT INTO credentials (id, holder_id, application_id, scheme_version_id, level_id, level_name, post_nominals, awarded_at, review_at, status, status_changed_at, created_at) VALUES (?, ?, NULL, ?, ?, ?, NULL, ?, ?, ?, ?, ?)`,
    ),
    state: sqlite.prepare(
      `INSERT INTO cpd_credential_states (credential_id, member_id, cycle_index, cycle_start, cycle_end, status, since, shortfall_quarters, next_check_on, updated_at) VALUES (?, ?, 0, ?, ?, ?, ?, 0, ?, ?)`,
    ),
    activity: sqlite.prepare(
      `INSERT INTO cpd_activities (id, member_id, type, title, occurred_on, quarters, source, created_at, updated_at) VALUES (?, ?, 'training', 'Course', ?, ?, 'manual', ?, ?)`,
    ),
    item: sqlite.prepare('INSERT INTO portfolio_items (id, member_id, kind, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)'),
    grant: sqlite.prepare('INSERT INTO consent_grants (id, member_id, organisation_id, scope, text, text_version, granted_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)'),
  };
  let rows = 0;
  const memberIds: string[] = [];
  sqlite.transaction(() => {
    for (let i = 0; i < MEMBERS; i++) {
      const id = newId();
      memberIds.push(id);
      ins.user.run(id, `member${i}@bench.example.org`, `${pick(given)} ${pick(family)}`, at, at, at);
      const state = pick(cpdStates);
      for (let k = 0; k < (rnd() < 0.2 ? 2 : 1); k++) {
        const level = pick(levels);
        const cid = newId();
        const awarded = new Date(now.getTime() - (200 + Math.floor(rnd() * 2000)) * DAY).toISOString();
        const review = new Date(now.getTime() + Math.floor(rnd() * 1000 - 100) * DAY).toISOString();
        const status = state === 'suspended' ? 'suspended' : state === 'lapsed' ? 'lapsed' : 'active';
        ins.credential.run(cid, id, versionId, level.id, level.name, awarded, review, status, awarded, at);
        const start = new Date(now.getTime() - Math.floor(rnd() * 330) * DAY);
        const end = new Date(start.getTime() + 365 * DAY);
        ins.state.run(cid, id, day(start), day(end), state, day(start), day(end), at);
        rows += 2;
      }
      for (let k = 0; k < 3; k++) ins.activity.run(newId(), id, day(new Date(now.getTime() - Math.floor(rnd() * 300) * DAY)), 4 * (1 + Math.floor(rnd() * 8)), at, at);
      const cert = newId();
      ins.item.run(cert, id, 'certification', JSON.stringify({ id: cert, kind: 'certification', catalogueId: null, title: pick(certifications), awardedOn: '2020-01-01' }), at, at);
      const work = newId();
      ins.item.run(work, id, 'work', JSON.stringify({ id: work, kind: 'work', employer: 'Bench Services', roleTitle: 'Analyst', startOn: '2019-01-01', endOn: null, itsm: true, responsibilityLevel: 1 + Math.floor(rnd() * 7), skills: [] }), at, at);
      const scopes = rnd() < 0.1 ? (['credentials'] as const) : (['credentials', 'cpd_standing', 'portfolio_summary'] as const);
      for (const s of scopes) ins.grant.run(newId(), id, organisationId, s, consentTexts[s].text, consentTexts[s].version, at);
      rows += 6 + scopes.length;
    }
  })();
  sqlite.exec('ANALYZE');
  const seedSeconds = (Date.now() - started) / 1000;
  console.log(`Seeded ${MEMBERS.toLocaleString('en-GB')} consenting members (${rows.toLocaleString('en-GB')} rows) in ${seedSeconds.toFixed(1)} s.`);

  const { g, appUrl, headers } = await benchApp(database, dataDir, file, 'hr@bench.example.org', PASSWORD);
  const team = `${appUrl}/api/v1/organisations/${organisationId}/team`;
  const check = await g.app.inject({ method: 'GET', url: `/api/v1/organisations/${organisationId}/team`, headers });
  const view = check.json();
  if (check.statusCode !== 200 || view.figures.members !== MEMBERS || view.members.length !== 25) throw new Error(`getTeamView: ${check.statusCode} ${check.body.slice(0, 300)}`);

  // What a request pays when the whole team is read afresh (after any credential's status changed).
  const bumpEpoch = sqlite.prepare('UPDATE credential_status_epoch SET epoch = epoch + 1 WHERE id = 1');
  sqlite.prepare('INSERT INTO consent_revisions (organisation_id, revision) VALUES (?, 1) ON CONFLICT DO NOTHING').run(organisationId);
  // A member's grants changed (as a grant or revocation stamps them): the next view reads that member again.
  const stamp = sqlite.prepare('UPDATE consent_grants SET revision = (SELECT revision FROM consent_revisions WHERE organisation_id = ?) WHERE organisation_id = ? AND member_id = ?');
  const bumpRevision = sqlite.prepare('UPDATE consent_revisions SET revision = revision + 1 WHERE organisation_id = ?');
  const changeConsent = () => {
    bumpRevision.run(organisationId);
    stamp.run(organisationId, organisationId, pick(memberIds));
  };
  const cold: number[] = [];
  for (let k = 0; k < 5; k++) {
    bumpEpoch.run();
    const t = performance.now();
    await g.app.inject({ method: 'GET', url: `/api/v1/organisations/${organisationId}/team`, headers });
    cold.push(performance.now() - t);
  }
  const coldMs = cold.sort((a, b) => a - b)[2] as number;

  const hello = Fastify({ logger: false });
  hello.get('/', async () => ({ hello: 'world' }));
  const helloUrl = await hello.listen({ port: 0, host: '127.0.0.1' });
  const measure = (route: string, url: string) => measureHttp(route, { url, headers, connections: CONNECTIONS }, DURATION);
  const base = await measure('hello-world (bare Fastify)', `${helloUrl}/`);
  const measured: HttpMeasure[] = [];
  measured.push(await measure('getTeamView: first page + all figures', team));
  measured.push(await measure('getTeamView: filtered (at risk, name "a")', `${team}?standing=at_risk&q=a`));
  // A member grants or revokes once a second: each change makes the next view read the team again.
  const churn = setInterval(changeConsent, 1000);
  measured.push(await measure('getTeamView: first page, consent changing every second', team));
  clearInterval(churn);
  const logged = (sqlite.prepare('SELECT count(*) AS n FROM consent_view_members').get() as { n: number }).n;
  await hello.close();
  await g.app.close();
  await database.close();

  const table = printLatencyTable(`${MEMBERS.toLocaleString('en-GB')} consenting members, ${CONNECTIONS} connections, ${DURATION} s each; reading the team afresh: ${coldMs.toFixed(1)} ms (median of 5); view log rows written: ${logged.toLocaleString('en-GB')}`, base, measured, AIM_MS);

  const outDir = path.join(here, 'results');
  fs.mkdirSync(outDir, { recursive: true });
  const out = path.join(outDir, `team-view-${new Date().toISOString().slice(0, 10)}.json`);
  const machine = { node: process.version, cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown' };
  fs.writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), machine, members: MEMBERS, rows, seedSeconds, coldMs, viewLogRows: logged, connections: CONNECTIONS, durationSeconds: DURATION, aimP95Ms: AIM_MS, http: table }, null, 2)}\n`);
  console.log(`\nWrote ${path.relative(process.cwd(), out)} (${((Date.now() - started) / 1000).toFixed(0)} s in all).`);
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-bench-team-'));
try {
  await main(dataDir);
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
