import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../config.js';
import type { DbHandle } from '../../db/database.js';
import type { Clock } from '../clock.js';
import type { JobHandler, Schedule } from '../jobs/worker.js';
import { backupTo } from './backup.js';

export const BACKUP_JOB = 'backup.scheduled';
const NAME = /^guildhall-\d{8}T\d{6}Z\.tar$/;

/** The archive's name for a moment: sorting names sorts by time. */
export const backupName = (d: Date) => `guildhall-${d.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}.tar`;

/**
 * The scheduled backup (BACKUP_DIR, every BACKUP_EVERY_HOURS hours): a new archive, then every archive of
 * ours beyond the newest BACKUP_KEEP removed. Removal comes only after a backup succeeded, so a failing
 * backup never leaves fewer archives than before. Files in the folder that are not ours stay.
 */
export async function runScheduledBackup(config: Config, handle: DbHandle, now: Date): Promise<{ file: string; removed: string[] }> {
  const dir = config.backup.dir;
  if (!dir) throw new Error('BACKUP_DIR is not set');
  const r = await backupTo(config, handle, path.join(dir, backupName(now)), { now, skip: [dir] });
  const ours = fs.readdirSync(dir).filter((f) => NAME.test(f)).sort();
  const removed = ours.slice(0, Math.max(0, ours.length - config.backup.keep));
  for (const f of removed) fs.rmSync(path.join(dir, f), { force: true });
  return { file: r.file, removed };
}

export function backupJobs(config: Config, handle: DbHandle, clock: Clock): { jobHandlers: Record<string, JobHandler>; jobSchedules: Schedule[] } {
  if (!config.backup.dir) return { jobHandlers: {}, jobSchedules: [] };
  return {
    jobHandlers: {
      [BACKUP_JOB]: async () => {
        await runScheduledBackup(config, handle, clock.now());
      },
    },
    jobSchedules: [{ name: BACKUP_JOB, kind: BACKUP_JOB, everyMs: config.backup.everyHours * 3_600_000 }],
  };
}
