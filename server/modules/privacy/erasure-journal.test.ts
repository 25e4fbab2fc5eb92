import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendErasure, readErasureJournal } from './erasure-journal.js';

const record = (n: number) => ({ id: `e${n}`, user_id: `u${n}`, pseudonym: `Erased member ${n}`, at: '2026-12-07T10:00:00.000Z', by: n % 2 ? 'admin' : null, reason: 'Asked by e-mail' });

describe('the erasure journal', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-journal-')), 'deep', 'erasures.jsonl');

  it('reads nothing before the first erasure, then every appended record in order', () => {
    expect(readErasureJournal(file)).toEqual([]);
    for (const n of [1, 2, 3]) appendErasure(file, record(n));
    expect(readErasureJournal(file)).toEqual([record(1), record(2), record(3)]);
  });

  it('names the line that is not a record', () => {
    fs.appendFileSync(file, '{"id":"e4"\n');
    expect(() => readErasureJournal(file)).toThrow(/line 4: not a JSON erasure record/);
    fs.writeFileSync(file, `${JSON.stringify(record(1))}\n${JSON.stringify({ ...record(2), reason: '' })}\n`);
    expect(() => readErasureJournal(file)).toThrow(/line 2: an erasure record needs/);
  });
});
