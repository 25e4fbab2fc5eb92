import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, testApp } from '../support/app.js';
import { type Callers, type FuzzStats, type Operation, fuzzOperation, fuzzSetup, operationsOf } from '../support/fuzz.js';

/*
 * Every operation of the OpenAPI document, fuzzed from its schemas as a member and as an administrator:
 * no 5xx, every error in the error shape, the server alive after each operation. Seeded, so a failure
 * reproduces; bench/fuzz.ts runs the same with many more runs.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 16);
const SEED = Number(process.env.FUZZ_SEED ?? 1414);

let app: TestApp;
let setup: Awaited<ReturnType<typeof fuzzSetup>>;
const stats: FuzzStats = { requests: 0, byStatus: {}, operationsWith2xx: new Set() };
beforeAll(async () => {
  app = await testApp();
  setup = await fuzzSetup(app);
}, 60_000);
afterAll(async () => {
  await app?.close();
});

describe('schema-aware fuzzing of every operation', () => {
  it('finds every operation in the OpenAPI document', () => {
    const ops = operationsOf(setup.doc);
    expect(ops.length).toBeGreaterThan(100);
    expect(new Set(ops.map((o) => o.id)).size).toBe(ops.length);
  });

  it('answers every generated request below 500, errors in the error shape, and stays up', async () => {
    const only = process.env.FUZZ_ONLY ? new RegExp(process.env.FUZZ_ONLY) : null;
    const ops: Operation[] = operationsOf(setup.doc).filter((o) => !only || only.test(o.id));
    const failures: string[] = [];
    let callers: Callers | undefined;
    for (const [i, op] of ops.entries()) {
      callers = await setup.signInAll(callers);
      const t0 = performance.now();
      try {
        await fuzzOperation(app, callers, op, setup.doc, setup.pool, { runs: RUNS, seed: SEED + i, stats });
      } catch (err) {
        failures.push(((err as Error).cause as Error | undefined)?.message ?? (err as Error).message);
      }
      if (process.env.FUZZ_TIMING) console.log(`${Math.round(performance.now() - t0)} ms ${op.id}`);
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
    expect(stats.requests).toBe(ops.length * RUNS);
    // The generator reaches past validation: valid-shaped requests succeed on most operations.
    expect(stats.operationsWith2xx.size, [...stats.operationsWith2xx].join(' ')).toBeGreaterThan(ops.length / 3);
  }, 240_000);
});
