import { describe, expect, it } from 'vitest';
import type { CredentialsRepository, StatusListRow } from '../credentials.repository.js';
import { pickFree, planAllocation } from './status.service.js';
import { MIN_LIST_LENGTH } from './status-list.js';

const list = (id: string, allocated: number): StatusListRow => ({ id, purpose: 'revocation', length: MIN_LIST_LENGTH, allocated, version: 0, changed_at: '', created_at: '' });

describe('status list places', () => {
  it('picks distinct free places at random, and every free one when few are left', () => {
    const used = new Uint8Array(1000);
    used.fill(1, 0, 990);
    const picks = pickFree(used, 10);
    expect(new Set(picks).size).toBe(10);
    expect(picks.every((i) => i >= 990)).toBe(true);
    expect(() => pickFree(used, 1)).toThrow(/Only 0 free/);
    const spread = pickFree(new Uint8Array(MIN_LIST_LENGTH), 50);
    expect(Math.max(...spread) - Math.min(...spread)).toBeGreaterThan(10_000); // not handed out in order
  });

  it('fills the open list, then starts a new list of 131,072 entries', async () => {
    const taken = Array.from({ length: MIN_LIST_LENGTH - 3 }, (_, i) => i + 3);
    const repo = { openLists: async () => [list('old', taken.length)], usedIndices: async () => taken } as unknown as CredentialsRepository;
    const plan = await planAllocation({} as never, 'revocation', 5, new Date('2026-05-01T00:00:00Z'), repo);
    expect(plan.picks.filter((p) => p.listId === 'old').map((p) => p.index).sort()).toEqual([0, 1, 2]);
    expect(plan.newLists).toHaveLength(1);
    expect(plan.newLists[0]).toMatchObject({ purpose: 'revocation', length: MIN_LIST_LENGTH, allocated: 0 });
    expect(plan.picks.filter((p) => p.listId === plan.newLists[0]!.id)).toHaveLength(2);
    expect(Object.fromEntries(plan.counts)).toEqual({ old: 3, [plan.newLists[0]!.id]: 2 });
  });
});
