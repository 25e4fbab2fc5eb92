import type { DbHandle } from '../../db/database.js';

/*
 * The hook through which a restore applies recorded erasures again. The privacy module keeps erasures in
 * their own table and exports reapplyErasures(handle, { dataDir }); it is looked up when a restore runs, so
 * a build without that module restores as before and says so. The module's path is the one line to change
 * should it move.
 */
const PRIVACY_MODULE = '../../modules/privacy/index.js';

type Reapply = (handle: DbHandle, opts: { dataDir?: string; journal?: string | null; now?: Date }) => Promise<{ erasures: number; changed: number }>;

/** Answers what was done, in words for the operator. */
export async function reapplyRecordedErasures(handle: DbHandle, dataDir: string, journal: string | null = null): Promise<string> {
  let reapply: Reapply | undefined;
  try {
    reapply = ((await import(PRIVACY_MODULE)) as { reapplyErasures?: Reapply }).reapplyErasures;
  } catch (err) {
    // Only the module itself missing means "no erasures"; anything it fails to load is a real error.
    const e = err as NodeJS.ErrnoException;
    if (e.code !== 'ERR_MODULE_NOT_FOUND' || !String(e.message).includes('privacy')) throw err;
  }
  if (!reapply) return 'No erasures to apply again: this build records none.';
  const r = await reapply(handle, { dataDir, journal });
  return `Erasures applied again${journal ? ` (the backup's and those in ${journal})` : ''}: ${r.erasures} recorded, ${r.changed} member${r.changed === 1 ? '' : 's'} changed by this restore.`;
}
