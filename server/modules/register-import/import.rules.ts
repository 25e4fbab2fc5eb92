import { readCsvTable } from '../cpd/csv.js';

/*
 * A body's existing register as a CSV file, checked before anything is written: the header must name the
 * columns, then each row on its own (dates, level, address) and against the rest of the file (an e-mail
 * address or external id given twice). Pure: the service passes in the scheme's levels and today's date.
 * A row's number is its record's number in the file, the header being row 1, as a spreadsheet shows it.
 */

export const registerColumns = ['name', 'email', 'level', 'awarded_on', 'review_on', 'external_id', 'cpd_cycle_start'] as const;
export type RegisterColumn = (typeof registerColumns)[number];
const requiredColumns: RegisterColumn[] = ['name', 'email', 'level', 'awarded_on', 'review_on', 'external_id'];

export type RegisterRow = { row: number } & Record<RegisterColumn, string>;
export type RowProblem = { row: number; column: string; message: string };
export type LevelInfo = { id: string; name: string; postNominals: string | null };

/** A row that passed every check, ready to import. */
export type CheckedRow = {
  row: number;
  name: string;
  email: string;
  levelId: string;
  levelName: string;
  postNominals: string | null;
  awardedOn: string;
  reviewOn: string;
  externalId: string;
  cycleStart: string | null;
  /** The review date has passed: the holder comes in lapsed, never active. */
  lapsed: boolean;
};

export const MAX_REGISTER_ROWS = 200_000;
const EMAIL = /^[^\s@"<>,;]+@[^\s@"<>,;]+\.[^\s@"<>,;]+$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date written YYYY-MM-DD that exists (no 31 April). */
export function isDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) && Number(m[1]) >= 1900;
}

/** Reads the file's text: the header and every row as strings, or the problems that stop the whole file. */
export const readRegisterCsv = (text: string): { rows: RegisterRow[]; problems: RowProblem[]; fatal: boolean } => readCsvTable(text, registerColumns, requiredColumns, MAX_REGISTER_ROWS);

/** Checks every row; a row with any problem is left out of `ok`. `today` is YYYY-MM-DD. */
export function checkRegisterRows(rows: readonly RegisterRow[], levels: readonly LevelInfo[], today: string): { ok: CheckedRow[]; problems: RowProblem[] } {
  const byId = new Map(levels.map((l) => [l.id, l]));
  const byName = new Map(levels.map((l) => [l.name.toLowerCase(), l]));
  const levelList = levels.map((l) => l.id).join(', ');
  const emails = new Map<string, number>();
  const externalIds = new Map<string, number>();
  const ok: CheckedRow[] = [];
  const problems: RowProblem[] = [];
  for (const r of rows) {
    const mine: RowProblem[] = [];
    const say = (column: RegisterColumn, message: string) => mine.push({ row: r.row, column, message });
    if (!r.name) say('name', 'Give the holder’s name');
    else if (r.name.length > 200) say('name', 'The name is longer than 200 characters');
    const email = r.email.toLowerCase();
    if (!email) say('email', 'Give the holder’s e-mail address');
    else if (email.length > 254 || !EMAIL.test(email)) say('email', `"${r.email.slice(0, 80)}" is not an e-mail address`);
    else {
      const first = emails.get(email);
      if (first !== undefined) say('email', `The same e-mail address is on row ${first}; give each holder once`);
      else emails.set(email, r.row);
    }
    const level = byId.get(r.level) ?? byName.get(r.level.toLowerCase());
    if (!r.level) say('level', `Give the level (one of ${levelList})`);
    else if (!level) say('level', `Unknown level "${r.level.slice(0, 80)}"; use one of ${levelList}`);
    const awardedOk = isDay(r.awarded_on);
    if (!awardedOk) say('awarded_on', r.awarded_on ? `"${r.awarded_on.slice(0, 40)}" is not a date; write it as YYYY-MM-DD` : 'Give the original award date (YYYY-MM-DD)');
    else if (r.awarded_on > today) say('awarded_on', 'The award date is in the future');
    if (!isDay(r.review_on)) say('review_on', r.review_on ? `"${r.review_on.slice(0, 40)}" is not a date; write it as YYYY-MM-DD` : 'Give the review date (YYYY-MM-DD)');
    else if (awardedOk && r.review_on <= r.awarded_on) say('review_on', 'The review date must be after the award date');
    if (r.cpd_cycle_start) {
      if (!isDay(r.cpd_cycle_start)) say('cpd_cycle_start', `"${r.cpd_cycle_start.slice(0, 40)}" is not a date; write it as YYYY-MM-DD or leave it empty`);
      else if (awardedOk && r.cpd_cycle_start < r.awarded_on) say('cpd_cycle_start', 'The CPD cycle cannot start before the award');
      else if (r.cpd_cycle_start > today) say('cpd_cycle_start', 'The CPD cycle start is in the future');
    }
    if (!r.external_id) say('external_id', 'Give the holder’s id in your current register');
    else if (r.external_id.length > 100) say('external_id', 'The external id is longer than 100 characters');
    else {
      const first = externalIds.get(r.external_id);
      if (first !== undefined) say('external_id', `The same external id is on row ${first}`);
      else externalIds.set(r.external_id, r.row);
    }
    if (mine.length) {
      problems.push(...mine);
      continue;
    }
    ok.push({
      row: r.row,
      name: r.name,
      email,
      levelId: level!.id,
      levelName: level!.name,
      postNominals: level!.postNominals,
      awardedOn: r.awarded_on,
      reviewOn: r.review_on,
      externalId: r.external_id,
      cycleStart: r.cpd_cycle_start || null,
      lapsed: r.review_on <= today,
    });
  }
  return { ok, problems };
}
