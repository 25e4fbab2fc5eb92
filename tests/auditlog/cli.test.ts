import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/database.js';
import { testDialect } from '../support/app.js';
import { guildhall } from '../support/cli.js';
import { liftAppendOnly } from './tamper.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-auditcli-'));
  dirs.push(d);
  return d;
};

// The commands work on whichever database DATABASE_URL names; the library tests cover PostgreSQL.
describe.skipIf(testDialect !== 'sqlite')('guildhall audit verify, backup and restore', { timeout: 180_000 }, () => {
  it('verifies the log, names a tampered entry with exit 1, and backs up and restores a site', async () => {
    const dir = tempDir();
    const add = await guildhall(dir, ['user', 'add', '--email', 'ops@example.org', '--name', 'Ola Ops', '--role', 'system_admin'], 'a long enough passphrase\n');
    expect(add.code, add.stderr).toBe(0);
    const ok = await guildhall(dir, ['audit', 'verify']);
    expect(ok.stdout).toMatch(/^Audit log intact: 1 entries checked; newest entry 1, hash [0-9a-f]{64}\./);
    expect(ok.code).toBe(0);

    const archive = path.join(tempDir(), 'site.tar');
    const b = await guildhall(dir, ['backup', archive]);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toMatch(/online backup/);
    expect(b.stdout).toMatch(/Backup written to .*site\.tar: the database and \d+ stored files; audit log at entry 1/);

    const target = path.join(tempDir(), 'restored');
    const r = await guildhall(target, ['restore', archive]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Restored the SQLite database of .* into .*restored/);
    expect(r.stdout).toMatch(/The audit log verifies: 1 entries\./);
    const again = await guildhall(target, ['restore', archive]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^Restore failed: The data directory .*restored is not empty/);

    const h = openDatabase({ kind: 'sqlite', file: path.join(dir, 'guildhall.sqlite') });
    await liftAppendOnly(h);
    await h.db.updateTable('audit_log').set({ action: 'account.something_else' }).execute();
    await h.close();
    const bad = await guildhall(dir, ['audit', 'verify']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^Audit log NOT intact: Entry 1 \(id \S+, \S+, account.something_else\) was altered: its contents no longer match its hash\./);
  });
});
