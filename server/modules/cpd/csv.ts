/*
 * CSV as RFC 4180 describes it: fields separated by commas, records by CRLF (a bare LF is accepted too),
 * fields that hold a comma, quote or line break enclosed in double quotes, a quote inside doubled. A
 * leading byte-order mark is dropped. Pure; no dependency, because the format is small and the edge cases
 * (quoted line breaks, ragged rows) are better tested here than trusted.
 */

export type CsvRecord = { fields: string[]; line: number };
export type CsvParse = { records: CsvRecord[]; error: { line: number; message: string } | null };

/** Splits text into records; `line` is the line on which each record starts (1-based). */
export function parseCsv(input: string): CsvParse {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const n = text.length;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let line = 1;
  let start = 1;
  let i = 0;
  for (;;) {
    // One field, at i.
    let value: string;
    let quoted = false;
    if (text.charCodeAt(i) === 34) {
      quoted = true;
      value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) return { records, error: { line: start, message: 'A quoted field is not closed' } };
        const part = text.slice(from, q);
        for (let k = part.indexOf('\n'); k >= 0; k = part.indexOf('\n', k + 1)) line++;
        value += part;
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      const next = text.charCodeAt(i);
      if (i < n && next !== 44 && next !== 10 && next !== 13) return { records, error: { line, message: 'A closing quote must be followed by a comma or the end of the line' } };
    } else {
      let j = i;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 44 || d === 10 || d === 13) break;
        if (d === 34) return { records, error: { line, message: 'A quote may only appear inside a quoted field' } };
        j++;
      }
      value = text.slice(i, j);
      i = j;
    }
    fields.push(value);
    if (i < n && text.charCodeAt(i) === 44) {
      i++;
      continue;
    }
    // End of a record: at a line break or the end of the text. A blank line is not a record.
    if (!(fields.length === 1 && value === '' && !quoted)) records.push({ fields, line: start });
    fields = [];
    if (i >= n) break;
    i += text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    line++;
    start = line;
    if (i >= n) break;
  }
  return { records, error: null };
}

/** A cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP's advice). */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** One field, quoted when it must be. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Records to RFC 4180 text (CRLF line ends); every cell passes through safeCell. */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>): string {
  return rows.map((r) => `${r.map((v) => csvField(safeCell(v === null ? '' : String(v)))).join(',')}\r\n`).join('');
}

/** A problem with one cell, one row or (row 1) the header. */
export type CsvProblem = { row: number; column: string; message: string };
export type CsvTable<C extends string> = { rows: Array<{ row: number } & Record<C, string>>; problems: CsvProblem[]; fatal: boolean };

/**
 * A CSV file whose first line names its columns, read as one record per row (values trimmed, absent
 * columns empty; `row` counts the header as 1), or the problems that stop the whole file: unknown,
 * repeated or missing columns (and whatever `checkHeader` adds), no rows, more than `maxRows`. A row with
 * the wrong number of fields is a problem of its own and is left out.
 */
export function readCsvTable<C extends string>(
  text: string,
  columns: readonly C[],
  required: readonly C[],
  maxRows: number,
  checkHeader: (names: string[]) => CsvProblem[] = () => [],
): CsvTable<C> {
  const parsed = parseCsv(text);
  if (parsed.error) return { rows: [], problems: [{ row: parsed.error.line, column: '', message: `${parsed.error.message} (line ${parsed.error.line})` }], fatal: true };
  const [head, ...body] = parsed.records;
  if (!head) return { rows: [], problems: [{ row: 1, column: '', message: 'The file is empty; the first line must name the columns' }], fatal: true };
  const names = head.fields.map((f) => f.trim().toLowerCase());
  const problems: CsvProblem[] = [];
  names.forEach((name, i) => {
    if (!(columns as readonly string[]).includes(name)) problems.push({ row: 1, column: name || `column ${i + 1}`, message: `Unknown column "${name}"; use ${columns.join(', ')}` });
    else if (names.indexOf(name) !== i) problems.push({ row: 1, column: name, message: `The column "${name}" appears twice` });
  });
  for (const need of required) if (!names.includes(need)) problems.push({ row: 1, column: need, message: `The header lacks the column "${need}"` });
  problems.push(...checkHeader(names));
  if (problems.length) return { rows: [], problems, fatal: true };
  if (body.length > maxRows) return { rows: [], problems: [{ row: 1, column: '', message: `The file has ${body.length} rows; send at most ${maxRows} in one file` }], fatal: true };
  if (body.length === 0) return { rows: [], problems: [{ row: 2, column: '', message: 'The file has a header but no rows' }], fatal: true };
  const rows: CsvTable<C>['rows'] = [];
  body.forEach((rec, k) => {
    const row = k + 2;
    if (rec.fields.length !== names.length) {
      problems.push({ row, column: '', message: `Expected ${names.length} fields, found ${rec.fields.length} (line ${rec.line})` });
      return;
    }
    const r = { row } as { row: number } & Record<C, string>;
    for (const c of columns) (r as Record<string, string | number>)[c] = '';
    names.forEach((name, i) => {
      (r as Record<string, string | number>)[name] = rec.fields[i]!.trim();
    });
    rows.push(r);
  });
  return { rows, problems, fatal: false };
}

/**
 * An uploaded CSV's bytes as text, or a DomainError naming what to fix: bytes that are not UTF-8. `invalid`
 * builds the caller's own error (its message and the problems it lists).
 */
export function csvText(bytes: Uint8Array, invalid: (message: string, problems: CsvProblem[]) => Error): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw invalid('The file is not UTF-8 text; save it as CSV UTF-8.', [{ row: 1, column: '', message: 'The file is not UTF-8 text' }]);
  }
}
