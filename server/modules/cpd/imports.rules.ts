import { activityDateProblem } from './cpd.dates.js';
import { readCsvTable } from './csv.js';

/*
 * A provider's credit file, checked as a whole before anything is written: the header, then every row
 * against the members, the provider's codes and today's date. Pure: the service looks the members and codes
 * up and passes them in. A row's number is its record's number in the file, the header being row 1, as a
 * spreadsheet shows it.
 */

export const importColumns = ['member_email', 'member_id', 'credential_id', 'activity_code', 'date', 'hours', 'row_key'] as const;
export type ImportColumn = (typeof importColumns)[number];
const memberColumns: ImportColumn[] = ['member_email', 'member_id', 'credential_id'];

/** One row as sent, every value a string ('' when absent). */
export type ImportRow = { row: number } & Record<ImportColumn, string>;
export type RowProblem = { row: number; column: string; message: string };
export type CodeInfo = { quarters: number; validFrom: string | null; validTo: string | null };
export type Lookup = {
  memberByEmail: ReadonlyMap<string, string>;
  members: ReadonlySet<string>;
  credentialHolder: ReadonlyMap<string, string>;
  codes: ReadonlyMap<string, CodeInfo>;
};
/** A checked row, ready to credit: `key` is unique per provider. */
export type Credit = { row: number; memberId: string; code: string; date: string; quarters: number; key: string };

export const MAX_IMPORT_ROWS = 200_000;

/** Reads the file's text: the header (which must name the columns) and every row, or the file's problems. */
export const readImportCsv = (text: string): { rows: ImportRow[]; problems: RowProblem[]; fatal: boolean } =>
  readCsvTable(text, importColumns, ['activity_code', 'date'], MAX_IMPORT_ROWS, (names) =>
    memberColumns.some((c) => names.includes(c)) ? [] : [{ row: 1, column: 'member_email', message: 'The header needs one of member_email, member_id or credential_id' }],
  );

const KEY = /^[A-Za-z0-9._:/-]{1,100}$/;

/** Quarters of an hours value such as "1.5", or a message saying what is wrong. */
export function quartersOf(hours: string): number | string {
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(hours)) return 'Give hours as a number such as 1.5';
  const q = Number(hours) * 4;
  if (!Number.isInteger(Math.round(q * 1e6) / 1e6)) return 'Give hours in quarter hours, such as 1.25, 1.5 or 1.75';
  if (q < 1) return 'Give at least a quarter hour (0.25)';
  if (q > 2000) return 'Give at most 500 hours for one activity';
  return Math.round(q);
}

/** The key a row is credited under: the provider's row_key, or member, code and date. */
export const creditKey = (r: { row_key: string }, memberId: string, code: string, date: string) => (r.row_key ? `k:${r.row_key}` : `d:${memberId}:${code}:${date}`);

/** Every row's problems (all of them, in row order) and the credits of the rows without any. */
export function validateImportRows(rows: readonly ImportRow[], lookup: Lookup, today: string): { problems: RowProblem[]; credits: Credit[] } {
  const problems: RowProblem[] = [];
  const credits: Credit[] = [];
  const seen = new Map<string, number>();
  for (const r of rows) {
    const before = problems.length;
    const bad = (column: string, message: string) => problems.push({ row: r.row, column, message });
    let memberId: string | undefined;
    const given = memberColumns.filter((c) => r[c] !== '');
    if (given.length === 0) bad('member_email', 'Give the member: member_email, member_id or credential_id');
    else if (given.length > 1) bad(given[1]!, `Give only one of ${given.join(' and ')}`);
    else if (r.member_email) {
      memberId = lookup.memberByEmail.get(r.member_email.toLowerCase());
      if (!memberId) bad('member_email', `No member has the e-mail address ${r.member_email}`);
    } else if (r.member_id) {
      if (lookup.members.has(r.member_id)) memberId = r.member_id;
      else bad('member_id', `No member has the id ${r.member_id}`);
    } else {
      memberId = lookup.credentialHolder.get(r.credential_id);
      if (!memberId) bad('credential_id', `No credential has the id ${r.credential_id}`);
    }
    const code = lookup.codes.get(r.activity_code);
    if (!r.activity_code) bad('activity_code', 'Give the activity code');
    else if (!code) bad('activity_code', `The activity code ${r.activity_code} is not one of your approved codes`);
    const dateProblem = activityDateProblem(r.date, today);
    if (dateProblem) bad('date', dateProblem);
    else if (code && ((code.validFrom && r.date < code.validFrom) || (code.validTo && r.date > code.validTo)))
      bad('activity_code', `The code ${r.activity_code} is valid ${code.validFrom ? `from ${code.validFrom} ` : ''}${code.validTo ? `to ${code.validTo}` : ''}, not on ${r.date}`.replace(' ,', ','));
    let quarters = code?.quarters ?? 0;
    if (r.hours) {
      const q = quartersOf(r.hours);
      if (typeof q === 'string') bad('hours', q);
      else quarters = q;
    }
    if (r.row_key && !KEY.test(r.row_key)) bad('row_key', 'Use a row_key of at most 100 letters, digits or . _ : / -');
    if (problems.length > before || !memberId || !code) continue;
    const key = creditKey(r, memberId, r.activity_code, r.date);
    const first = seen.get(key);
    if (first !== undefined) {
      bad(r.row_key ? 'row_key' : 'date', r.row_key ? `The row_key ${r.row_key} is used on row ${first} too` : `Row ${first} credits the same member, code and date`);
      continue;
    }
    seen.set(key, r.row);
    credits.push({ row: r.row, memberId, code: r.activity_code, date: r.date, quarters, key });
  }
  problems.sort((a, b) => a.row - b.row);
  return { problems, credits };
}
