import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testDialect } from '../support/app.js';
import { freePort, waitFor } from './helpers.js';

// `npm start` as an operator runs it, stopped as a terminal (SIGINT) or a process manager (SIGTERM)
// stops it: the signal goes to npm alone, and the port must be free afterwards. The process, not
// the database, is under test, so this runs once, with SQLite.
const root = path.resolve(import.meta.dirname, '../..');
const dataDirs: string[] = [];
afterAll(() => {
  for (const d of dataDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** True when something accepts connections on the port. */
const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

describe.skipIf(testDialect === 'postgres')('stopping `npm start`', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s to npm stops the server and frees the port',
    async (signal) => {
      const port = await freePort();
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-npm-start-'));
      dataDirs.push(dataDir);
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(DATABASE_URL|SMTP_URL|PUBLIC_URL|HOST|GUILDHALL_|LOG_LEVEL|NODE_ENV|npm_)/.test(k)) env[k] = v;
      // GUILDHALL_DEMO=0 keeps the start quick (no demo seed); the process tree is the same.
      const npm = spawn('npm', ['start', '--silent'], {
        cwd: root,
        env: { ...env, GUILDHALL_DATA_DIR: dataDir, PORT: String(port), GUILDHALL_DEMO: '0', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      npm.stdout.on('data', (d) => {
        output += d.toString('utf8');
      });
      npm.stderr.on('data', (d) => {
        output += d.toString('utf8');
      });
      const exited = new Promise<void>((r) => npm.once('exit', () => r()));
      try {
        await waitFor(
          async () => {
            if (npm.exitCode !== null) throw new Error(`npm start exited early: ${output}`);
            return /Guildhall is running/.test(output) && (await listening(port));
          },
          40_000,
          'npm start to listen',
        );
        npm.kill(signal);
        await exited;
        await waitFor(async () => !(await listening(port)), 10_000, `port ${port} to be free after ${signal}`);
        expect(await listening(port)).toBe(false);
      } finally {
        if (npm.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
      }
    },
    60_000,
  );
});
