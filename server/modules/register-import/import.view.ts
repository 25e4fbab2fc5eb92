import type { Selectable } from 'kysely';
import type { RegisterImport, RegisterImportRow } from '../../../contracts/register-import.js';
import type { RegisterImportsTable } from '../../db/schema-register-import.js';
import type { CheckedRow, RegisterRow, RowProblem } from './import.rules.js';

/** At most this many rows go back in a report: every row with a problem first. */
export const REPORT_ROWS = 1000;

export type Checked = {
  rows: RegisterRow[];
  problems: RowProblem[];
  ok: CheckedRow[];
  /** External ids imported before: those rows are reported as existing and skipped. */
  known: Set<string>;
  /** Addresses that have an account already: the credential joins it. */
  accounts: Set<string>;
};

/** The per-row report of a checked file. */
export function reportOf(c: Checked): { rows: RegisterImportRow[]; leftOff: number; counts: RegisterImport['counts'] } {
  const byRow = new Map<number, RowProblem[]>();
  for (const p of c.problems) byRow.set(p.row, [...(byRow.get(p.row) ?? []), p]);
  const okByRow = new Map(c.ok.map((r) => [r.row, r]));
  const line = (r: RegisterRow): RegisterImportRow => {
    const ok = okByRow.get(r.row);
    const problems = (byRow.get(r.row) ?? []).map((p) => ({ column: p.column, message: p.message }));
    return {
      row: r.row,
      externalId: r.external_id,
      name: r.name,
      email: r.email,
      level: ok?.levelName ?? r.level,
      action: problems.length ? 'error' : c.known.has(r.external_id) ? 'exists' : 'create',
      lapsed: ok?.lapsed ?? false,
      existingAccount: ok ? c.accounts.has(ok.email) : false,
      problems,
    };
  };
  // Rows the file could not split into fields have no values; they are reported by number alone.
  const read = new Set(c.rows.map((r) => r.row));
  const unread = [...byRow.keys()].filter((row) => !read.has(row));
  const all: RegisterImportRow[] = [
    ...unread.map((row) => ({ row, externalId: '', name: '', email: '', level: '', action: 'error' as const, lapsed: false, existingAccount: false, problems: byRow.get(row)!.map((p) => ({ column: p.column, message: p.message })) })),
    ...c.rows.map(line),
  ].sort((a, b) => a.row - b.row);
  const errors = all.filter((r) => r.action === 'error');
  const others = all.filter((r) => r.action !== 'error');
  const shown = [...errors, ...others].slice(0, REPORT_ROWS);
  const fresh = c.ok.filter((r) => !c.known.has(r.externalId));
  return {
    rows: shown,
    leftOff: all.length - shown.length,
    counts: {
      rows: all.length,
      create: fresh.length,
      exists: c.ok.length - fresh.length,
      errors: errors.length,
      lapsed: fresh.filter((r) => r.lapsed).length,
      existingAccounts: fresh.filter((r) => c.accounts.has(r.email)).length,
    },
  };
}

/** A stored import as answered (its rows were reported by the dry run and are not kept). */
export function importView(r: Selectable<RegisterImportsTable>, invitationsSent: number): RegisterImport {
  const created = Number(r.created_rows);
  const accountsCreated = Number(r.accounts_created);
  return {
    id: r.id,
    dryRun: false,
    status: r.status,
    fileName: r.file_name,
    counts: {
      rows: Number(r.total_rows),
      create: created,
      exists: Number(r.existing_rows),
      errors: 0,
      lapsed: Number(r.lapsed_rows),
      existingAccounts: Math.max(0, created - accountsCreated),
    },
    processedRows: Number(r.processed_rows),
    accountsCreated,
    invitationsSent,
    rows: [],
    rowsLeftOff: 0,
    error: r.error,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}
