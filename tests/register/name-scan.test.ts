import { describe, expect, it } from 'vitest';
import { SearchRegisterQuery } from '../../contracts/register.js';
import { registerRepository } from '../../server/modules/register/register.repository.js';
import { nameTokens, sortName } from '../../server/modules/register/register.rules.js';
import type { Hit, RegisterSearch, WordRow } from '../../server/modules/register/register.search.js';
import { registerService } from '../../server/modules/register/register.service.js';

/** The word index in memory, counting the rows a search reads, behind the same interface as the SQL one. */
function memoryIndex(holders: Array<{ id: string; name: string; country: string; level: string }>) {
  const rows: WordRow[] = holders.flatMap((h) => {
    const tokens = nameTokens(h.name);
    return tokens.map((token) => ({ token, sortName: sortName(h.name), holderId: h.id, country: h.country, levels: h.level, tokens: tokens.join(' ') }));
  });
  const key = (r: { token?: string; sortName: string; holderId: string }) => `${r.token ?? ''}\u0000${r.sortName}\u0000${r.holderId}`;
  // The names here are ASCII, so JavaScript's order is the database's byte order.
  rows.sort((a, b) => (key(a) < key(b) ? -1 : 1));
  const stats = { read: 0, queries: 0 };
  const find: Pick<RegisterSearch, 'words' | 'entries'> = {
    async words(lead, after, f, n, window) {
      stats.queries++;
      const range = rows.filter((r) => r.token.startsWith(lead) && (!after || key(after) < key(r)));
      const pass = (r: WordRow) =>
        (!f.country || r.country === f.country) && (!f.level || r.levels.split(' ').includes(f.level)) && f.others.every((w) => r.tokens.split(' ').some((t) => t.startsWith(w)));
      const filtered = Boolean(f.country || f.level || f.others.length);
      const read = filtered ? range.slice(0, window) : range;
      const out = read.filter(pass).slice(0, n);
      stats.read += filtered ? read.length : out.length;
      return { rows: out, windowEnd: out.length < n && filtered && range.length >= window ? (read.at(-1) ?? null) : null };
    },
    async entries(ids) {
      return holders.filter((h) => ids.includes(h.id)).map((h): Hit => ({ holderId: h.id, sortName: sortName(h.name), token: null, name: h.name, country: h.country, credentials: '[]', tokens: '' }));
    },
  };
  return { find, stats };
}

// 12,000 Smiths: one in 500 lives in Iceland, and one Smith Smithson matches twice.
const holders = Array.from({ length: 12_000 }, (_, i) => ({ id: `h${String(i).padStart(5, '0')}`, name: i === 7 ? 'Smith Smithson' : `Pat Smith${i % 3 ? '' : 'e'} ${i}`, country: i % 500 === 3 ? 'IS' : 'GB', level: i % 2 ? 'member' : 'associate' }));

function service(find: Pick<RegisterSearch, 'words' | 'entries'>) {
  const p = { database: { db: null }, clock: { now: () => new Date() } } as never;
  return registerService(p, registerRepository, find as RegisterSearch, { inForce: async () => null });
}
const page = async (svc: ReturnType<typeof service>, qs: Record<string, string>) => JSON.parse(await svc.searchJson(SearchRegisterQuery.parse(qs)));

describe('name searches read a bounded window of the word index', () => {
  it('reads about a page for an unfiltered prefix', async () => {
    const { find, stats } = memoryIndex(holders);
    const r = await page(service(find), { q: 'smi', limit: '20' });
    expect(r.results).toHaveLength(20);
    expect(r.nextCursor).toEqual(expect.any(String));
    expect(stats).toEqual({ read: 25, queries: 1 });
  });

  it('stops a rare filter after the budget with a short page and a cursor, and finds every match across pages, once each', async () => {
    const { find, stats } = memoryIndex(holders);
    const svc = service(find);
    const first = await page(svc, { q: 'smi', country: 'IS', limit: '20' });
    expect(stats.read).toBeLessThanOrEqual(4000);
    expect(first.results.length).toBeLessThan(20);
    expect(first.nextCursor).toEqual(expect.any(String));

    const names: string[] = first.results.map((x: { name: string }) => x.name);
    let cursor = first.nextCursor as string | null;
    for (let i = 0; cursor && i < 50; i++) {
      const before = stats.read;
      const next = await page(svc, { q: 'smi', country: 'IS', limit: '20', cursor });
      expect(stats.read - before).toBeLessThanOrEqual(4000);
      names.push(...next.results.map((x: { name: string }) => x.name));
      cursor = next.nextCursor;
    }
    expect(cursor).toBeNull();
    const expected = holders.filter((h) => h.country === 'IS').map((h) => h.name);
    expect([...names].sort()).toEqual([...expected].sort());
    expect(new Set(names).size).toBe(names.length);
  });

  it('keeps a holder with two matching words once, under the first', async () => {
    const { find } = memoryIndex(holders.slice(0, 40));
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const r: { results: Array<{ name: string }>; nextCursor: string | null } = await page(service(find), { q: 'smith', limit: '7', ...(cursor ? { cursor } : {}) });
      all.push(...r.results.map((x) => x.name));
      cursor = r.nextCursor;
    } while (cursor);
    expect(all).toHaveLength(40);
    expect(all.filter((n) => n === 'Smith Smithson')).toHaveLength(1);
  });
});
