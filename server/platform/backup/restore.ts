import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../../config.js';
import { type DbHandle, migrateToLatest, openDatabase } from '../../db/database.js';
import { MANIFEST, type Manifest, runPgTool } from './backup.js';
import { reapplyRecordedErasures } from './erasures.js';
import { readTar } from './tar.js';

export type RestoreResult = { manifest: Manifest; files: number; migrations: string[]; erasures: string; notes: string[] };
export type RestoreOptions = { postgresSchema?: string; after?: (handle: DbHandle) => Promise<void> };

/**
 * Brings a backup back into an EMPTY data directory (and, on PostgreSQL, a database or schema without
 * tables): nothing that exists is ever overwritten. Then applies any migrations newer than the archive and
 * applies again every erasure recorded since (the privacy module's reapplyErasures, when present), so a
 * member erased after the backup was taken stays erased.
 */
export async function restoreFrom(config: Config, archive: string, opts: RestoreOptions = {}): Promise<RestoreResult> {
  const file = path.resolve(archive);
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist.`);
  const present = fs.existsSync(config.dataDir) ? fs.readdirSync(config.dataDir) : [];
  if (present.length)
    throw new Error(`The data directory ${config.dataDir} is not empty (it holds ${present.slice(0, 5).join(', ')}${present.length > 5 ? ', …' : ''}); restore only into an empty one, so nothing is overwritten.`);
  if (config.database.kind === 'sqlite' && config.database.file !== ':memory:' && fs.existsSync(config.database.file))
    throw new Error(`The database file ${config.database.file} exists already; restore only where there is none.`);

  let manifest: Manifest | null = null;
  readTar(file, (name, _copy, readAll) => {
    if (name === MANIFEST) manifest = JSON.parse(readAll().toString('utf8')) as Manifest;
  });
  const m = manifest as Manifest | null;
  if (!m || m.format !== 1) throw new Error(`${file} is not a Guildhall backup: it has no ${MANIFEST} of format 1.`);
  if (m.dialect !== config.database.kind)
    throw new Error(`${file} holds a ${m.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} database, but DATABASE_URL names ${config.database.kind === 'sqlite' ? 'a SQLite file' : 'PostgreSQL'}; restore it into the same kind.`);
  if (config.database.kind === 'postgres') await requireEmptyPostgres(config.database.url, opts.postgresSchema);

  fs.mkdirSync(config.dataDir, { recursive: true });
  const work = fs.mkdtempSync(path.join(config.dataDir, '.guildhall-restore-'));
  const notes: string[] = [];
  let files = 0;
  try {
    readTar(file, (name, copyTo) => {
      if (name.startsWith('data/')) {
        copyTo(path.join(config.dataDir, name.slice('data/'.length)));
        files++;
      } else if (name === m.database) copyTo(config.database.kind === 'sqlite' ? config.database.file : path.join(work, name));
    });
    if (config.database.kind === 'postgres') {
      await runPgTool('psql', ['--quiet', '--no-psqlrc', '--single-transaction', '--set=ON_ERROR_STOP=1', `--dbname=${config.database.url}`, `--file=${path.join(work, m.database)}`], {});
      notes.push('The database was loaded by running psql on the archive’s pg_dump output, in one transaction.');
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }

  const handle = openDatabase(config.database, opts.postgresSchema ? { schema: opts.postgresSchema } : {});
  try {
    const migrations = await migrateToLatest(handle.db);
    const erasures = await reapplyRecordedErasures(handle, config.dataDir, config.erasureJournal);
    await opts.after?.(handle);
    return { manifest: m, files, migrations, erasures, notes };
  } finally {
    await handle.close();
  }
}

async function requireEmptyPostgres(url: string, schema: string | undefined): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const r = await client.query<{ n: string }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = coalesce($1, 'public')", [schema ?? null]);
    if (Number(r.rows[0]?.n) > 0)
      throw new Error(`The PostgreSQL ${schema ? `schema ${schema}` : 'database'} already has tables; restore only into an empty one (create a new database first), so nothing is overwritten.`);
  } finally {
    await client.end();
  }
}
