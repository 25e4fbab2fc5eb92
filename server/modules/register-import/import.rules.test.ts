import { describe, expect, it } from 'vitest';
import { checkRegisterRows, isDay, readRegisterCsv } from './import.rules.js';

const levels = [
  { id: 'member', name: 'Member', postNominals: 'MITSMG' },
  { id: 'fellow', name: 'Fellow', postNominals: null },
];

describe('register import rules', () => {
  it('accepts only calendar dates written YYYY-MM-DD', () => {
    expect(['2024-02-29', '2026-12-31', '1900-01-01'].map(isDay)).toEqual([true, true, true]);
    expect(['2026-02-29', '2026-04-31', '2026-4-01', '01/02/2026', '1899-12-31', ''].map(isDay)).toEqual([false, false, false, false, false, false]);
  });

  it('brings a holder whose review date is today or past in lapsed, and one reviewed later active', () => {
    const read = readRegisterCsv('external_id,name,email,level,awarded_on,review_on\nA,Ann,ANN@x.org,fellow,2010-01-01,2026-11-25\nB,Bob,bob@x.org,Member,2010-01-01,2026-11-26\n');
    expect(read.fatal).toBe(false);
    const { ok, problems } = checkRegisterRows(read.rows, levels, '2026-11-25');
    expect(problems).toEqual([]);
    expect(ok.map((r) => [r.externalId, r.email, r.levelId, r.postNominals, r.lapsed])).toEqual([
      ['A', 'ann@x.org', 'fellow', null, true],
      ['B', 'bob@x.org', 'member', 'MITSMG', false],
    ]);
  });

  it('names a repeated external id and a CPD cycle that starts before the award', () => {
    const read = readRegisterCsv('name,email,level,awarded_on,review_on,external_id,cpd_cycle_start\nA,a@x.org,member,2020-01-01,2030-01-01,X,2019-01-01\nB,b@x.org,member,2020-01-01,2030-01-01,X,\n');
    const { ok, problems } = checkRegisterRows(read.rows, levels, '2026-11-25');
    expect(ok).toEqual([]);
    expect(problems).toEqual([
      { row: 2, column: 'cpd_cycle_start', message: 'The CPD cycle cannot start before the award' },
      { row: 3, column: 'external_id', message: 'The same external id is on row 2' },
    ]);
  });
});
