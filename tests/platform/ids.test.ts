import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newId } from '../../server/platform/ids.js';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newId', () => {
  it('makes well-formed UUIDv7 text whose timestamp is the current time', () => {
    const before = Date.now();
    const id = newId();
    const after = Date.now();
    expect(id).toMatch(UUID_V7);
    const ms = Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(after + 1);
  });

  it('is unique and strictly increasing, also for many ids in the same millisecond', () => {
    const ids = Array.from({ length: 50_000 }, () => newId());
    for (let i = 1; i < ids.length; i++) {
      if (!((ids[i] as string) > (ids[i - 1] as string))) throw new Error(`${ids[i]} does not sort after ${ids[i - 1]}`);
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => UUID_V7.test(id))).toBe(true);
  });

  it('keeps ordering across batches of any size (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 500 }), (n) => {
        const batch = Array.from({ length: n }, () => newId());
        return batch.every((id, i) => i === 0 || id > (batch[i - 1] as string));
      }),
    );
  });

  it('has random bits: two ids in one millisecond differ beyond the counter', () => {
    const a = newId();
    const b = newId();
    expect(a.slice(-8)).not.toBe(b.slice(-8)); // 32 random bits; a collision here is 1 in 4 billion
  });
});
