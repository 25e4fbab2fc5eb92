import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase } from '../../server/db/database.js';
import { PASSWORD } from '../support/accounts.js';
import { testDialect } from '../support/app.js';
import { guildhall } from '../support/cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-cli-'));
  dirs.push(d);
  return d;
}

// The CLI works on whichever database DATABASE_URL names; SQLite exercises it fully, so the
// PostgreSQL run of the suite does not repeat these child processes.
// Each run loads the TypeScript sources through tsx (seconds on a busy machine), hence the long timeout.
describe.skipIf(testDialect !== 'sqlite')('the guildhall CLI', { timeout: 90_000 }, () => {
  it('user add creates a confirmed user who can sign in with the password from stdin', async () => {
    const dir = tempDir();
    const r = await guildhall(dir, ['user', 'add', '--email', 'Op.Erator@Example.org', '--name', 'Olu Operator', '--role', 'assessor'], `${PASSWORD}\n`);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Created user \S+ \(Op.Erator@Example.org\) with roles assessor/);

    const config = loadConfig({ GUILDHALL_DATA_DIR: dir, LOG_LEVEL: 'silent' });
    const database = openDatabase(config.database);
    const g = await buildApp({ config, database, mailTransport: null });
    try {
      const res = await g.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email: 'op.erator@example.org', password: PASSWORD } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ name: 'Olu Operator', emailVerified: true, roles: ['assessor', 'member'] });
      const audit = await database.db.selectFrom('audit_log').select(['action', 'request_id']).execute();
      expect(audit).toContainEqual({ action: 'account.provisioned', request_id: 'cli' });
    } finally {
      await g.app.close();
      await database.close();
    }

    const dup = await guildhall(dir, ['user', 'add', '--email', 'op.erator@example.org', '--name', 'Again', '--role', 'member'], `${PASSWORD}\n`);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('already exists');
  });

  it('a bad role is a clear error with exit code 2, and creates nobody', async () => {
    const dir = tempDir();
    const r = await guildhall(dir, ['user', 'add', '--email', 'x@example.org', '--name', 'X', '--role', 'wizard'], `${PASSWORD}\n`);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unknown role wizard');
    expect(r.stderr).toContain('system_admin');
    const database = openDatabase(loadConfig({ GUILDHALL_DATA_DIR: dir }).database);
    try {
      expect(await database.db.selectFrom('users').select('id').execute()).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it('a weak password or a missing option is refused with exit code 2', async () => {
    const dir = tempDir();
    const weak = await guildhall(dir, ['user', 'add', '--email', 'w@example.org', '--name', 'W', '--role', 'member'], 'short\n');
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('12 characters');
    const missing = await guildhall(dir, ['user', 'add', '--email', 'w@example.org', '--role', 'member'], `${PASSWORD}\n`);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--name');
  });

  it('migrate applies the migrations once, then reports the database up to date', async () => {
    const dir = tempDir();
    const first = await guildhall(dir, ['migrate']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Applied: /);
    const second = await guildhall(dir, ['migrate']);
    expect(second.code).toBe(0);
    expect(second.stdout.trim()).toBe('The database is up to date.');
  });

  it('demo seed refuses a database that already has users', async () => {
    const dir = tempDir();
    expect((await guildhall(dir, ['user', 'add', '--email', 'first@example.org', '--name', 'First', '--role', 'system_admin'], `${PASSWORD}\n`)).code).toBe(0);
    const r = await guildhall(dir, ['demo', 'seed']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already has users');
  });

  it('an unknown command prints the usage and exits 2; a bad configuration is named', async () => {
    const dir = tempDir();
    const r = await guildhall(dir, ['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: guildhall');
    // A mistyped command, or a word a command does not take, is refused before any database is made.
    for (const [args, said] of [
      [['migrat'], 'Unknown command "migrat"'],
      [['user', 'remove', '--email', 'x@example.org'], 'Unknown command "user remove'],
      [['migrate', 'now'], '"guildhall migrate" does not take "now"'],
      [['audit', 'verify', 'everything'], '"guildhall audit verify" does not take "everything"'],
    ] as const) {
      const refused = await guildhall(dir, [...args]);
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr).toContain(said);
    }
    expect(fs.readdirSync(dir)).toEqual([]);
    const child = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const c = spawn(process.execPath, [path.join(root, 'bin/guildhall.js'), 'migrate'], { cwd: root, env: { ...process.env, GUILDHALL_DATA_DIR: dir, PORT: 'eighty' } });
      let stderr = '';
      c.stderr.on('data', (x) => (stderr += x));
      c.on('close', (code) => resolve({ code, stderr }));
    });
    expect(child.code).toBe(2);
    expect(child.stderr).toContain('PORT');
  });
});
