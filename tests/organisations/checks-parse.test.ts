import { describe, expect, it } from 'vitest';
import { cellsOf, chunksOf, csvOf, idOfCell, parseChecks } from '../../web/src/features/organisations/checks/parse.js';

const A = '0190a5b2-7c1e-7abc-8def-0123456789ab';
const B = '0190a5b2-7c1e-7abc-8def-0123456789ac';

describe('reading bulk checks', () => {
  it('takes bare ids, credential pages and /verify links, and names lines without one', () => {
    const text = [`${A.toUpperCase()}`, `https://guildhall.example.org/credentials/${B}`, '', `/verify?credential=${A}`, 'not an id', `https://evil.example/credentials/nope`, `mailto:${A}`].join('\n');
    const { lines, problems } = parseChecks(text);
    expect(lines).toEqual([
      { line: 1, ids: [A] },
      { line: 2, ids: [B] },
      { line: 4, ids: [A] },
    ]);
    expect(problems.map((p) => p.line)).toEqual([5, 6, 7]);
    expect(problems[0]?.message).toMatch(/No credential id/);
  });

  it('reads CSV with a header, quotes and other columns', () => {
    const { lines, problems } = parseChecks(`name,credential link\r\n"Chen, David","https://x.example/credentials/${A}"\r\nAna;${B}\r\n"Bad, row",nothing`);
    expect(lines).toEqual([
      { line: 2, ids: [A] },
      { line: 3, ids: [B] },
    ]);
    expect(problems).toEqual([{ line: 4, text: '"Bad, row",nothing', message: expect.any(String) }]);
    expect(cellsOf('"a ""b""",c')).toEqual(['a "b"', 'c']);
    expect(idOfCell(`javascript:/credentials/${A}`)).toBeNull();
  });

  it('chunks distinct ids 500 a call', () => {
    const many = Array.from({ length: 1201 }, (_, i) => ({ line: i + 1, ids: [`${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`] }));
    const chunks = chunksOf([...many, { line: 9999, ids: [many[0]?.ids[0] as string] }]);
    expect(chunks.map((c) => c.length)).toEqual([500, 500, 201]);
  });

  it('writes CSV that a spreadsheet will not run as formulas', () => {
    expect(csvOf(['a', 'b'], [['=HYPERLINK("x")', 'O\'Brien, Seán']])).toBe(`a,b\r\n"'=HYPERLINK(""x"")","O'Brien, Seán"\r\n`);
  });
});
