#!/usr/bin/env node
// `npm test`: the server suite on SQLite, the same suite on PostgreSQL, then the browser journeys.
// Outside CI a part whose prerequisite is missing is skipped with a plain reason; under CI=true it
// counts as a failure. The last line is `N passed, N failed[, N skipped]`, which CI runners read.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vitestBin = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const ci = /^(1|true|yes)$/i.test(process.env.CI ?? '');
const parts = ['sqlite', 'postgres', 'e2e'];

function parseOnly(argv) {
  const i = argv.indexOf('--only');
  const eq = argv.find((a) => a.startsWith('--only='));
  const value = eq ? eq.slice('--only='.length) : i >= 0 ? argv[i + 1] : null;
  if (value === null) return parts;
  const chosen = value.split(',').map((s) => s.trim());
  const bad = chosen.filter((c) => !parts.includes(c));
  if (!value || bad.length) {
    console.error(`Unknown --only value "${value ?? ''}"; use one of ${parts.join(', ')} (comma-separated for several).`);
    process.exit(2);
  }
  return parts.filter((p) => chosen.includes(p));
}

const totals = { passed: 0, failed: 0, skipped: 0 };
const notes = [];

function note(line) {
  notes.push(line);
  console.log(`\n== ${line}`);
}

/** Runs vitest once with a JSON report and adds its counts to the totals. */
function runVitest(label, configFile, env) {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-vitest-'));
  const outFile = path.join(outDir, 'report.json');
  const args = [vitestBin, 'run', '--config', configFile, '--reporter=default', '--reporter=json', `--outputFile.json=${outFile}`];
  console.log(`\n== ${label}: vitest run --config ${path.relative(root, configFile)}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (err) => finish(null, err));
    child.on('exit', (code, signal) => finish(code ?? (signal ? 128 : 1), null));
    let done = false;
    function finish(code, err) {
      if (done) return;
      done = true;
      let report = null;
      try {
        report = JSON.parse(fs.readFileSync(outFile, 'utf8'));
      } catch {
        report = null;
      }
      fs.rmSync(outDir, { recursive: true, force: true });
      if (!report) {
        totals.failed += 1;
        note(`${label}: vitest crashed before writing its report (${err ? err.message : `exit code ${code}`}); counted as 1 failure`);
        return resolve();
      }
      const passed = report.numPassedTests ?? 0;
      let failed = report.numFailedTests ?? 0;
      const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
      // A file that fails to load (syntax error, failing beforeAll) has no failed tests of its own.
      for (const file of report.testResults ?? []) {
        const anyFailed = (file.assertionResults ?? []).some((a) => a.status === 'failed');
        if (file.status === 'failed' && !anyFailed) {
          failed += 1;
          console.log(`   ${path.relative(root, file.name)} failed to run: ${(file.message ?? '').split('\n')[0]}`);
        }
      }
      if (code !== 0 && failed === 0) {
        failed = 1;
        note(`${label}: vitest exited with code ${code} without a failing test (for example no test files, or an unhandled error); counted as 1 failure`);
      }
      totals.passed += passed;
      totals.failed += failed;
      totals.skipped += skipped;
      note(`${label}: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
      resolve();
    }
  });
}

/** A part that cannot run: a plain note outside CI, a failure under CI. */
function missing(label, reason) {
  if (ci) {
    totals.failed += 1;
    note(`${label}: FAILED under CI: ${reason}`);
  } else {
    note(`${label}: skipped: ${reason}`);
  }
}

const selected = parseOnly(process.argv.slice(2));
const serverConfig = path.join(root, 'vitest.config.ts');

if (selected.includes('sqlite')) {
  await runVitest('server suite on SQLite', serverConfig, { GUILDHALL_TEST_DB: 'sqlite' });
}

if (selected.includes('postgres')) {
  const url = process.env.GUILDHALL_TEST_DATABASE_URL;
  if (url) {
    await runVitest('server suite on PostgreSQL', serverConfig, { GUILDHALL_TEST_DB: 'postgres', GUILDHALL_TEST_DATABASE_URL: url });
  } else {
    missing(
      'server suite on PostgreSQL',
      'GUILDHALL_TEST_DATABASE_URL is not set (e.g. postgres://guildhall:guildhall@127.0.0.1:5432/guildhall_test)',
    );
  }
}

if (selected.includes('e2e')) {
  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  const e2eConfig = path.join(root, 'e2e', 'vitest.config.ts');
  if (!fs.existsSync(chromium)) {
    missing('browser journeys', `no Chromium at ${chromium} (install Debian's chromium, or set CHROMIUM_PATH)`);
  } else if (!fs.existsSync(e2eConfig)) {
    missing('browser journeys', 'e2e/vitest.config.ts does not exist');
  } else {
    await runVitest('browser journeys', e2eConfig, { CHROMIUM_PATH: chromium, ...(ci ? { GUILDHALL_E2E_REQUIRE: '1' } : {}) });
  }
}

console.log('');
for (const line of notes) console.log(line);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 ? 1 : 0);
