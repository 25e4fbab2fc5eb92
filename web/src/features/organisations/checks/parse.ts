/*
 * Reading pasted text or a CSV file of credential ids and verification links, and writing the results
 * as CSV (pure; no React). A line may hold several cells; every id found in it is checked, and a line
 * with none is named by its number.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ParsedLine = { line: number; ids: string[] };
export type LineProblem = { line: number; text: string; message: string };

/** One CSV line's cells (double quotes as RFC 4180; commas, semicolons and tabs separate). */
export function cellsOf(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (c === ',' || c === ';' || c === '\t') {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells.filter((x) => x !== '');
}

/** The credential id a cell names: a bare id, a credential page (/credentials/<id>) or a /verify?credential=<id> link. */
export function idOfCell(cell: string): string | null {
  const bare = cell.trim();
  if (UUID.test(bare)) return bare.toLowerCase();
  let url: URL;
  try {
    url = new URL(bare, 'https://placeholder.invalid');
  } catch {
    return null;
  }
  if (!/^https?:$/.test(url.protocol) || (!bare.startsWith('/') && !/^https?:\/\//i.test(bare))) return null;
  const fromQuery = url.pathname.replace(/\/+$/, '').endsWith('/verify') ? url.searchParams.get('credential') : null;
  if (fromQuery && UUID.test(fromQuery)) return fromQuery.toLowerCase();
  const m = /\/credentials\/([^/]+)\/?$/.exec(url.pathname);
  return m?.[1] && UUID.test(m[1]) ? m[1].toLowerCase() : null;
}

/** Every line's ids, and the lines without one. A first line naming columns (no id, a word like "id") is a header. */
export function parseChecks(text: string): { lines: ParsedLine[]; problems: LineProblem[] } {
  const lines: ParsedLine[] = [];
  const problems: LineProblem[] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    const line = i + 1;
    if (!raw.trim()) return;
    const ids = cellsOf(raw)
      .map(idOfCell)
      .filter((x): x is string => x !== null);
    if (ids.length) lines.push({ line, ids });
    else if (!(line === 1 && /\b(id|credential|link|url)\b/i.test(raw))) problems.push({ line, text: raw.slice(0, 120), message: 'No credential id or verification link on this line' });
  });
  return { lines, problems };
}

/** The distinct ids in the order first given, in chunks the API accepts (500 a call). */
export function chunksOf(lines: readonly ParsedLine[], size = 500): string[][] {
  const ids = [...new Set(lines.flatMap((l) => l.ids))];
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}

/** A CSV cell, quoted when needed; text a spreadsheet would run as a formula is prefixed with '. */
export function csvCell(v: string | number | boolean | null | undefined): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const csvOf = (header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>): string =>
  `${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
