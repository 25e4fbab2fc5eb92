import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, safeCell, toCsv } from './csv.js';

const fields = (text: string) => parseCsv(text).records.map((r) => r.fields);

describe('parseCsv (RFC 4180)', () => {
  it('reads plain records with CRLF, LF and a final line without a break', () => {
    expect(fields('a,b\r\n1,2\r\n3,4')).toEqual([['a', 'b'], ['1', '2'], ['3', '4']]);
    expect(fields('a,b\n1,2\n')).toEqual([['a', 'b'], ['1', '2']]);
  });
  it('drops a byte-order mark and blank lines, keeps empty fields', () => {
    expect(fields('\uFEFFa,b\r\n\r\n,\r\n')).toEqual([['a', 'b'], ['', '']]);
  });
  it('reads quoted fields with commas, doubled quotes and line breaks, and numbers records by their first line', () => {
    const p = parseCsv('x,y\r\n"a, b","say ""hi"""\r\n"two\r\nlines",z\r\nlast,""\r\n');
    expect(p.records.map((r) => r.fields)).toEqual([['x', 'y'], ['a, b', 'say "hi"'], ['two\r\nlines', 'z'], ['last', '']]);
    expect(p.records.map((r) => r.line)).toEqual([1, 2, 3, 5]);
  });
  it('names the line of a malformed quote', () => {
    expect(parseCsv('a\r\n"open').error).toEqual({ line: 2, message: 'A quoted field is not closed' });
    expect(parseCsv('a\r\nb"c').error?.line).toBe(2);
    expect(parseCsv('"a"b').error?.message).toMatch(/closing quote/);
  });
});

describe('toCsv', () => {
  it('quotes what must be quoted and defuses formulas', () => {
    expect(toCsv([['=1+1', '+x', '-2', '@SUM(A1)', 'plain', 'a,"b"', null, 3]])).toBe(`'=1+1,'+x,'-2,'@SUM(A1),plain,"a,""b""",,3\r\n`);
    expect(safeCell('ok')).toBe('ok');
  });
  it('round-trips any table whose cells do not start with a formula character', () => {
    const cell = fc.string({ maxLength: 12 }).filter((s) => !/^[=+\-@\t\r]/.test(s));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const width = rows[0]!.length;
        const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? 'x'));
        // A record of one empty field reads as a blank line, so give every row a non-empty first cell.
        for (const r of table) r[0] = `k${r[0]}`;
        expect(fields(toCsv(table))).toEqual(table);
      }),
    );
  });
});
