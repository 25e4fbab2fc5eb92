import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A TCP port that was free a moment ago on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Builds web/dist unless it is already newer than its sources (the server serves what exists at start-up). */
export function buildWebIfStale(): void {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build-web.mjs'), '--if-stale'], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`Building the web app failed:\n${r.stdout}\n${r.stderr}`);
}

export type RunningServer = { url: string; dataDir: string; output: () => string; stop: () => Promise<void> };

export type ServerOptions = {
  /** Deliver mail over SMTP here; without it, mail stays in the development mailbox. */
  smtpUrl?: string;
  /** Seed the demo body and its people into the empty database. */
  demo?: boolean;
};

/**
 * Starts `node bin/guildhall.js serve` as an operator would, on a fresh data folder and a free port;
 * resolves once GET /api/health answers.
 */
export async function startServer({ smtpUrl, demo = false }: ServerOptions): Promise<RunningServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'bin/guildhall.js'), 'serve'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GUILDHALL_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      GUILDHALL_DEMO: demo ? '1' : '0',
      LOG_LEVEL: 'warn',
      ...(smtpUrl ? { SMTP_URL: smtpUrl } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    log += d.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // If the test process ends without stop() (a crash, a timeout), do not leave the server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited with code ${child.exitCode} before it was ready:\n${log}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`The server did not answer /api/health within 60 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }

  return {
    url,
    dataDir,
    output: () => log,
    async stop() {
      process.removeListener('exit', killOnExit);
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
