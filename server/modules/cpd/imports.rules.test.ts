import { describe, expect, it } from 'vitest';
import { type Lookup, quartersOf, readImportCsv, validateImportRows } from './imports.rules.js';

const lookup: Lookup = {
  memberByEmail: new Map([['ann@example.org', 'u-ann'], ['bob@example.org', 'u-bob']]),
  members: new Set(['u-ann', 'u-bob']),
  credentialHolder: new Map([['c-1', 'u-ann']]),
  codes: new Map([
    ['CONF26', { quarters: 24, validFrom: '2026-01-01', validTo: '2026-12-31' }],
    ['WEB', { quarters: 4, validFrom: null, validTo: null }],
  ]),
};
const TODAY = '2026-11-25';
const check = (csv: string) => {
  const read = readImportCsv(csv);
  const v = validateImportRows(read.rows, lookup, TODAY);
  return { ...v, problems: [...read.problems, ...v.problems].sort((a, b) => a.row - b.row), fatal: read.fatal };
};

describe('provider import rows', () => {
  it('credits good rows with the code’s hours unless hours are given', () => {
    const r = check('member_email,activity_code,date,hours,row_key\r\nANN@example.org,CONF26,2026-03-01,,r1\r\nbob@example.org,WEB,2026-03-02,1.5,\r\n');
    expect(r.problems).toEqual([]);
    expect(r.credits).toEqual([
      { row: 2, memberId: 'u-ann', code: 'CONF26', date: '2026-03-01', quarters: 24, key: 'k:r1' },
      { row: 3, memberId: 'u-bob', code: 'WEB', date: '2026-03-02', quarters: 6, key: 'd:u-bob:WEB:2026-03-02' },
    ]);
  });
  it('reports every bad row with its column', () => {
    const r = check(
      [
        'member_email,member_id,credential_id,activity_code,date,hours,row_key',
        'nobody@example.org,,,WEB,2026-03-01,,',
        ',,c-1,NOPE,2026-03-01,,',
        'ann@example.org,,,WEB,2026-02-30,,',
        'ann@example.org,,,WEB,2026-13-01,,',
        'ann@example.org,,,WEB,2027-01-01,,',
        'ann@example.org,,,WEB,2026-03-01,1.1,',
        'ann@example.org,,,CONF26,2025-12-31,,',
        'ann@example.org,u-ann,,WEB,2026-03-01,,',
        ',,,WEB,2026-03-01,,',
        'bob@example.org,,,WEB,2026-03-01,,x',
        'bob@example.org,,,WEB,2026-03-02,,x',
        'bob@example.org,,,WEB',
      ].join('\n'),
    );
    expect(r.problems.map((p) => [p.row, p.column])).toEqual([
      [2, 'member_email'],
      [3, 'activity_code'],
      [4, 'date'],
      [5, 'date'],
      [6, 'date'],
      [7, 'hours'],
      [8, 'activity_code'],
      [9, 'member_id'],
      [10, 'member_email'],
      [12, 'row_key'],
      [13, ''],
    ]);
    expect(r.problems[5]!.message).toMatch(/quarter hours/);
    expect(r.problems[10]!.message).toMatch(/Expected 7 fields, found 4/);
    expect(r.credits.map((c) => c.row)).toEqual([11]);
  });
  it('finds rows that repeat member, code and date without a row_key', () => {
    const r = check('member_id,activity_code,date\nu-ann,WEB,2026-01-05\nu-ann,WEB,2026-01-05\n');
    expect(r.problems).toEqual([{ row: 3, column: 'date', message: 'Row 2 credits the same member, code and date' }]);
  });
  it('refuses a file whose header is wrong, empty or without rows', () => {
    expect(check('email,activity_code,date\n').problems[0]).toMatchObject({ row: 1, column: 'email' });
    expect(check('member_email,date\nx,2026-01-01').problems).toEqual([{ row: 1, column: 'activity_code', message: 'The header lacks the column "activity_code"' }]);
    expect(check('activity_code,date\n').problems.map((p) => p.column)).toEqual(['member_email']);
    expect(check('').fatal).toBe(true);
    expect(check('member_id,activity_code,date\r\n').problems[0]!.message).toMatch(/no rows/);
  });
  it('reads hours in quarter hours only', () => {
    expect([quartersOf('0.25'), quartersOf('2'), quartersOf('7.75'), quartersOf('500')]).toEqual([1, 8, 31, 2000]);
    for (const bad of ['0', '0.1', '-1', '1e2', 'abc', '501', '1.333']) expect(typeof quartersOf(bad)).toBe('string');
  });
});
