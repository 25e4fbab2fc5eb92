import type { Config } from '../../config.js';
import { migrateToLatest, openDatabase } from '../../db/database.js';
import { verifyAuditChain } from '../../modules/auditlog/verify.js';
import { backupTo } from './backup.js';
import { restoreFrom } from './restore.js';

/** `guildhall backup FILE` and `guildhall restore FILE`; prints what was done and answers the exit code. */
export async function backupCommand(config: Config, command: 'backup' | 'restore', positionals: string[]): Promise<number> {
  try {
    return await run(config, command, positionals);
  } catch (err) {
    // Refusals (a non-empty directory, an existing file, pg_dump missing) are said plainly, without a stack.
    console.error(`${command === 'backup' ? 'Backup' : 'Restore'} failed: ${(err as Error).message}`);
    return 1;
  }
}

async function run(config: Config, command: 'backup' | 'restore', positionals: string[]): Promise<number> {
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    console.error(`${command} needs exactly one FILE: guildhall ${command} /var/backups/guildhall-2026-12-07.tar`);
    return 2;
  }
  if (command === 'backup') {
    const database = openDatabase(config.database);
    try {
      await migrateToLatest(database.db);
      const r = await backupTo(config, database, file);
      for (const n of r.notes) console.log(n);
      const head = r.manifest.auditHead;
      console.log(`Backup written to ${r.file}: the database and ${r.manifest.files} stored files${head ? `; audit log at entry ${head.sequence} (${head.hash})` : ''}.`);
      return 0;
    } finally {
      await database.close();
    }
  }
  let chain = '';
  const r = await restoreFrom(config, file, {
    after: async (h) => {
      const v = await verifyAuditChain(h.db);
      chain = v.ok ? `The audit log verifies: ${v.entries} entries.` : `WARNING: the restored audit log does not verify: ${v.problem}`;
    },
  });
  for (const n of r.notes) console.log(n);
  console.log(`Restored ${r.manifest.dialect === 'sqlite' ? 'the SQLite database' : 'the PostgreSQL database'} of ${r.manifest.createdAt} and ${r.files} files into ${config.dataDir}.`);
  if (r.migrations.length) console.log(`Applied newer migrations: ${r.migrations.join(', ')}.`);
  console.log(r.erasures);
  console.log(chain);
  return 0;
}
