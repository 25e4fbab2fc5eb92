import type { Tx } from '../../db/database.js';

/** Whether anything still refers to a stored file (evidence, a provider's import, a logo). */
async function inUse(tx: Tx, sha: string): Promise<boolean> {
  const checks = [
    tx.selectFrom('evidence').select('id').where('file_sha256', '=', sha),
    tx.selectFrom('cpd_imports').select('id').where('file_sha256', '=', sha),
    tx.selectFrom('organisations').select('id').where('logo_sha256', '=', sha),
    tx.selectFrom('event_exhibitors').select('id').where('logo_sha256', '=', sha),
  ];
  for (const q of checks) if (await q.executeTakeFirst()) return true;
  return false;
}

/**
 * Deletes evidence rows and their links in the caller's transaction, and the rows of files nothing refers
 * to any more; answers those files, whose bytes the caller deletes after the commit.
 */
export async function deleteEvidence(tx: Tx, ids: readonly string[]): Promise<string[]> {
  if (!ids.length) return [];
  const shas = (await tx.selectFrom('evidence').select('file_sha256').where('id', 'in', ids).execute()).map((e) => e.file_sha256).filter((s): s is string => s !== null);
  await tx.deleteFrom('cpd_activity_evidence').where('evidence_id', 'in', ids).execute();
  await tx.deleteFrom('evidence_links').where('evidence_id', 'in', ids).execute();
  await tx.deleteFrom('evidence').where('id', 'in', ids).execute();
  const unused: string[] = [];
  for (const sha of new Set(shas)) {
    if (await inUse(tx, sha)) continue;
    await tx.deleteFrom('files').where('sha256', '=', sha).execute();
    unused.push(sha);
  }
  return unused;
}
