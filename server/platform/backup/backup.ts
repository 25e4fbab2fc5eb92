import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.js';
import type { DbHandle } from '../../db/database.js';
import { tarWriter } from './tar.js';

/*
 * One archive (ustar) holding a consistent copy of the database and every file of the data directory. The
 * database is copied first (SQLite's online backup API, page by page while the site keeps writing; on
 * PostgreSQL pg_dump, one snapshot), then the files: stored files are content-addressed and never changed,
 * so every file the copied database names is already on disk when the folder is walked.
 */

export const MANIFEST = 'guildhall-backup.json';
export type Manifest = {
  format: 1;
  createdAt: string;
  dialect: 'sqlite' | 'postgres';
  database: 'database.sqlite' | 'database.sql';
  files: number;
  auditHead: { sequence: number; hash: string } | null;
};
export type BackupResult = { file: string; manifest: Manifest; notes: string[] };
export type BackupOptions = { now?: Date; postgresSchema?: string; skip?: readonly string[] };

export async function backupTo(config: Config, handle: DbHandle, out: string, opts: BackupOptions = {}): Promise<BackupResult> {
  const file = path.resolve(out);
  if (fs.existsSync(file)) throw new Error(`${file} exists already; a backup never overwrites a file. Name a new one.`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const work = fs.mkdtempSync(path.join(path.dirname(file), '.guildhall-backup-'));
  const notes: string[] = [];
  const tar = tarWriter(file);
  try {
    const now = opts.now ?? new Date();
    const dbFile = path.join(work, handle.dialect === 'sqlite' ? 'database.sqlite' : 'database.sql');
    if (handle.sqlite) {
      await handle.sqlite.backup(dbFile);
      notes.push("The database was copied with SQLite's online backup, while the site could go on writing.");
    } else {
      if (config.database.kind !== 'postgres') throw new Error('The database is PostgreSQL but the configuration names none.');
      await pgDump(config.database.url, opts.postgresSchema, dbFile);
      notes.push('The database was copied by running pg_dump (one consistent snapshot; plain SQL, no owners or privileges).');
    }
    const head = await handle.db.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
    const skip = new Set([file, work, ...(opts.skip ?? []).map((s) => path.resolve(s))]);
    if (config.database.kind === 'sqlite') for (const suffix of ['', '-wal', '-shm', '-journal']) skip.add(`${config.database.file}${suffix}`);
    const files = dataFiles(config.dataDir, skip);
    const manifest: Manifest = {
      format: 1,
      createdAt: now.toISOString(),
      dialect: handle.dialect,
      database: handle.dialect === 'sqlite' ? 'database.sqlite' : 'database.sql',
      files: files.length,
      auditHead: head ? { sequence: Number(head.seq), hash: head.hash } : null,
    };
    tar.addBuffer(MANIFEST, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), now);
    tar.addFile(manifest.database, dbFile);
    for (const f of files) tar.addFile(`data/${f}`, path.join(config.dataDir, f));
    tar.close();
    return { file, manifest, notes };
  } catch (err) {
    tar.abort();
    throw err;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Every regular file under the data directory (relative, with "/"), except the skipped paths and temporary files. */
function dataFiles(root: string, skip: Set<string>): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, e.name);
      if (skip.has(full) || e.name.endsWith('.tmp') || e.name.startsWith('.guildhall-backup-')) continue;
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) out.push(path.relative(root, full).split(path.sep).join('/'));
    }
  };
  walk(root);
  return out;
}

/** Runs a PostgreSQL client program, its output to a file or its input from one; the error says what it printed. */
export function runPgTool(program: string, args: string[], io: { stdoutTo?: string }): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = io.stdoutTo ? fs.openSync(io.stdoutTo, 'wx', 0o600) : null;
    const child = spawn(program, args, { stdio: ['ignore', out ?? 'ignore', 'pipe'] });
    if (out !== null) fs.closeSync(out); // the child has its own copy
    let stderr = '';
    child.stderr?.on('data', (c) => (stderr += c));
    child.on('error', (e) =>
      reject(new Error((e as NodeJS.ErrnoException).code === 'ENOENT' ? `${program} was not found; install the PostgreSQL client programs (e.g. apt-get install postgresql-client).` : e.message)),
    );
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${program} failed (exit ${code}): ${stderr.trim().slice(0, 2000)}`))));
  });
}

const pgDump = (url: string, schema: string | undefined, out: string) =>
  runPgTool('pg_dump', ['--format=plain', '--no-owner', '--no-privileges', ...(schema ? [`--schema=${schema}`] : []), `--dbname=${url}`], { stdoutTo: out });
