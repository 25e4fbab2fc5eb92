import type { Insertable } from 'kysely';
import type { ImportRegisterBody, RegisterImport } from '../../../contracts/register-import.js';
import type { Tx } from '../../db/database.js';
import type { CredentialsTable, UsersTable } from '../../db/schema.js';
import { audit, systemActor } from '../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx, requireRole } from '../../platform/context.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { enqueue } from '../../platform/jobs/queue.js';
import type { JobHandler } from '../../platform/jobs/worker.js';
import { sha256 } from '../../platform/secrets.js';
import { ISSUE_JOB } from '../credentials/index.js';
import type { SchemesService } from '../schemes/schemes.service.js';
import { type CheckedRow, type RegisterRow, type RowProblem, checkRegisterRows, readRegisterCsv } from './import.rules.js';
import { csvText } from '../cpd/csv.js';
import type { RegisterImportRepository } from './import.repository.js';
import { type Checked, importView, reportOf } from './import.view.js';

export const REGISTER_IMPORT_JOB = 'register-import.run';
export const INVITE_JOB = 'register-import.invite';
/** Rows per committed batch: the job's checkpoint moves with each. */
const BATCH = 2000;

export type UploadedCsv = { bytes: Buffer; fileName: string | null };
/** The register as sent: a CSV file or, from a program, JSON rows (numbered from 1). */
export type RegisterInput = ({ kind: 'csv' } & UploadedCsv) | { kind: 'json'; body: ImportRegisterBody; fileName: null };

const rowsOfJson = (body: ImportRegisterBody): RegisterRow[] =>
  body.rows.map((r, i) => ({
    row: i + 1,
    name: r.name.trim(),
    email: r.email.trim(),
    level: r.level.trim(),
    awarded_on: r.awardedOn.trim(),
    review_on: r.reviewOn.trim(),
    external_id: r.externalId.trim(),
    cpd_cycle_start: r.cpdCycleStart?.trim() ?? '',
  }));

/** The text of a CSV upload, or the problem that stops it. */
function csvRows(file: UploadedCsv): { rows: RegisterRow[]; problems: RowProblem[] } {
  if (file.bytes.includes(0)) throw new DomainError('UNSUPPORTED_FILE_TYPE', 'The file holds NUL bytes, so it is not text; export the register as CSV (UTF-8).', { field: 'file' });
  const read = readRegisterCsv(csvText(file.bytes, invalid));
  if (read.fatal) throw invalid(`The file cannot be read: ${read.problems[0]!.message}`, read.problems);
  return read;
}
type Progress = (done: number, total: number, message?: string) => Promise<void>;

const day = (d: Date) => d.toISOString().slice(0, 10);
const midnight = (isoDay: string) => `${isoDay}T00:00:00.000Z`;

/**
 * Importing an existing register: a dry run checks the file and says per row what would happen, writing
 * nothing; a run checks it again and, when every row is right, imports it by a job in committed batches
 * (invited accounts, credential records with their original award dates, the issue jobs that sign them),
 * keyed by the body's external id so that a stopped job resumes and a repeated file creates nothing twice.
 * Claim invitations then go out in batches (import.invites.ts).
 */
export function registerImportService(p: Platform, repo: RegisterImportRepository, schemes: Pick<SchemesService, 'inForce'>, afterImport: (tx: Tx, importId: string, now: Date) => Promise<unknown>) {
  const db = p.database.db;

  async function check(input: RegisterInput): Promise<Checked & { versionId: string }> {
    const read = input.kind === 'csv' ? csvRows(input) : { rows: rowsOfJson(input.body), problems: [] };
    const version = await schemes.inForce();
    if (!version) throw new DomainError('CONFLICT', 'No scheme is published yet: publish the scheme whose levels the holders hold, then import.');
    const levels = version.scheme.levels.map((l) => ({ id: l.id, name: l.name, postNominals: l.postNominals ?? null }));
    const checked = checkRegisterRows(read.rows, levels, day(p.clock.now()));
    const [known, accounts] = await Promise.all([
      repo.knownExternalIds(db, checked.ok.map((r) => r.externalId)),
      repo.usersByEmail(db, checked.ok.map((r) => r.email)),
    ]);
    return { versionId: version.head.id, rows: read.rows, problems: [...read.problems, ...checked.problems].sort((a, b) => a.row - b.row), ok: checked.ok, known, accounts: new Set(accounts.map((a) => a.email)) };
  }

  async function load(id: string): Promise<RegisterImport> {
    const r = await repo.importById(db, id);
    if (!r) throw notFound('The register import');
    return importView(r, (await repo.invitationsSent(db, [id])).get(id) ?? 0);
  }

  /** Imports the stored rows from the last committed batch on; safe to call again after a stop. */
  async function process(importId: string, progress: Progress = async () => {}, batchSize = BATCH) {
    const imp = await repo.importById(db, importId);
    if (!imp) throw new Error(`Register import ${importId} does not exist`);
    if (imp.status === 'done' || imp.status === 'failed') return;
    const json = await repo.rowsOf(db, importId);
    if (!json) throw new Error(`Register import ${importId} has no rows to import`);
    const rows = JSON.parse(json) as CheckedRow[];
    const total = rows.length;
    // The import row is the checkpoint: processed_rows commits with each batch, so a retry or a takeover
    // after a stop starts at the next batch, and the counts go on from there.
    let done = Math.min(total, Number(imp.processed_rows));
    const counts = { created: Number(imp.created_rows), existing: Number(imp.existing_rows), lapsed: Number(imp.lapsed_rows), accounts: Number(imp.accounts_created) };
    await progress(done, total, done ? `Importing: ${done} of ${total} (resumed)` : `Importing: 0 of ${total}`);
    for (let i = done; i < total; i += batchSize) {
      const batch = rows.slice(i, i + batchSize);
      const now = p.clock.now();
      const at = now.toISOString();
      await db.transaction().execute(async (tx) => {
        const known = await repo.knownExternalIds(tx, batch.map((r) => r.externalId));
        const fresh = batch.filter((r) => !known.has(r.externalId));
        const users = new Map((await repo.usersByEmail(tx, fresh.map((r) => r.email))).map((u) => [u.email, u]));
        const newUsers: Insertable<UsersTable>[] = [];
        const records: Insertable<CredentialsTable>[] = [];
        const holders = fresh.map((r) => {
          let user = users.get(r.email);
          if (!user) {
            // An invited account: no password until the holder claims it, so nothing is hashed here.
            user = { id: newId(), email: r.email, status: 'invited' };
            newUsers.push({ id: user.id, email: r.email, name: r.name, password_hash: null, email_verified_at: null, status: 'invited', country: null, created_at: at, updated_at: at });
          }
          const credentialId = newId();
          records.push({
            id: credentialId,
            holder_id: user.id,
            application_id: null,
            scheme_version_id: imp.scheme_version_id,
            level_id: r.levelId,
            level_name: r.levelName,
            post_nominals: r.postNominals,
            awarded_at: midnight(r.awardedOn),
            review_at: midnight(r.reviewOn),
            // A holder past their review date comes in lapsed: never active, not even for a moment.
            status: r.lapsed ? 'lapsed' : 'active',
            status_changed_at: at,
            created_at: at,
            cpd_cycles_from: r.cycleStart,
          });
          return { external_id: r.externalId, import_id: importId, user_id: user.id, credential_id: credentialId, invite: user.status === 'invited' ? 1 : 0, invited_at: null, created_at: at };
        });
        await repo.insertUsers(tx, newUsers);
        await repo.insertCredentials(tx, records);
        await repo.insertHolders(tx, holders);
        // One issue job per batch signs its credentials with the batch signer (the minute's sweep would too).
        if (records.length) await enqueue(tx, ISSUE_JOB, { ids: records.map((r) => r.id) }, now, { idempotencyKey: `${ISSUE_JOB}:register-import:${importId}:${i}` });
        counts.created += fresh.length;
        counts.existing += batch.length - fresh.length;
        counts.lapsed += fresh.filter((r) => r.lapsed).length;
        counts.accounts += newUsers.length;
        await repo.updateImport(tx, importId, {
          status: 'importing',
          processed_rows: i + batch.length,
          created_rows: counts.created,
          existing_rows: counts.existing,
          lapsed_rows: counts.lapsed,
          accounts_created: counts.accounts,
          updated_at: at,
        });
      });
      done = i + batch.length;
      await progress(done, total, `Importing: ${done} of ${total}`);
    }
    const end = p.clock.now();
    await db.transaction().execute(async (tx) => {
      await repo.updateImport(tx, importId, { status: 'done', processed_rows: total, finished_at: end.toISOString(), updated_at: end.toISOString() });
      await repo.deleteRows(tx, importId);
      await audit(tx, systemActor, { action: 'register.import_done', subjectType: 'register_import', subjectId: importId, details: { ...counts } }, end);
      await afterImport(tx, importId, end);
    });
    p.nudgeJobs();
  }

  return {
    process,
    load,

    /** Marks an import whose job gave up; what was imported stays (it is keyed by external id), and the file can be run again. */
    async fail(importId: string, error: string) {
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        await repo.updateImport(tx, importId, { status: 'failed', error: error.slice(0, 500), finished_at: now.toISOString(), updated_at: now.toISOString() });
        await repo.deleteRows(tx, importId);
        await audit(tx, systemActor, { action: 'register.import_failed', subjectType: 'register_import', subjectId: importId, details: { error: error.slice(0, 500) } }, now);
      });
    },

    /** importRegister with dryRun: the per-row report; nothing is written. */
    async dryRun(ctx: RequestContext, file: RegisterInput): Promise<RegisterImport> {
      requireRole(ctx, ['scheme_admin']);
      const c = await check(file);
      const report = reportOf(c);
      return {
        id: null,
        dryRun: true,
        status: report.counts.errors ? 'rejected' : 'checked',
        fileName: file.fileName,
        counts: report.counts,
        processedRows: 0,
        accountsCreated: 0,
        invitationsSent: 0,
        rows: report.rows,
        rowsLeftOff: report.leftOff,
        error: null,
        createdAt: null,
        finishedAt: null,
      };
    },

    /** importRegister: checks the file again and, if every row is right, starts the import job. */
    async start(ctx: RequestContext, file: RegisterInput): Promise<{ created: boolean; import: RegisterImport }> {
      const actor = requireRole(ctx, ['scheme_admin']);
      const c = await check(file);
      if (c.problems.length) {
        const report = reportOf(c);
        throw new DomainError('VALIDATION_FAILED', `${report.counts.errors} ${report.counts.errors === 1 ? 'row has' : 'rows have'} problems; nothing was imported. Correct them (the dry run lists them) and run the import again.`, {
          issues: c.problems.slice(0, 100).map((x) => ({ path: x.column ? `file.${x.column}` : 'file', message: `Row ${x.row}: ${x.message}` })),
          counts: report.counts,
        });
      }
      const sha = file.kind === 'csv' ? sha256(file.bytes) : sha256(JSON.stringify(file.body.rows));
      const running = await repo.runningByFile(db, sha);
      if (running) return { created: false, import: await load(running.id) };
      const now = p.clock.now();
      const at = now.toISOString();
      const id = newId();
      const todo = c.ok.filter((r) => !c.known.has(r.externalId));
      await db.transaction().execute(async (tx) => {
        const jobId = await enqueue(tx, REGISTER_IMPORT_JOB, { importId: id }, now, { idempotencyKey: `${REGISTER_IMPORT_JOB}:${id}`, maxAttempts: 5 });
        await repo.insertImport(tx, {
          id,
          uploaded_by: actor.userId,
          file_name: file.fileName?.slice(0, 200) ?? null,
          file_sha256: sha,
          scheme_version_id: c.versionId,
          status: 'queued',
          total_rows: c.ok.length,
          processed_rows: 0,
          created_rows: 0,
          existing_rows: 0,
          lapsed_rows: 0,
          accounts_created: 0,
          error: null,
          job_id: jobId,
          created_at: at,
          updated_at: at,
          finished_at: null,
        });
        // Rows known before the run are stored too: the job reports them as existing in its counts.
        await repo.insertRows(tx, id, JSON.stringify(c.ok));
        await audit(tx, auditCtx(ctx), { action: 'register.import_started', subjectType: 'register_import', subjectId: id, details: { rows: c.ok.length, create: todo.length, fileName: file.fileName?.slice(0, 200) ?? null } }, now);
      });
      p.nudgeJobs();
      return { created: true, import: await load(id) };
    },

    async get(ctx: RequestContext, importId: string): Promise<RegisterImport> {
      requireRole(ctx, ['scheme_admin']);
      return load(importId);
    },

    async list(ctx: RequestContext) {
      requireRole(ctx, ['scheme_admin']);
      const rows = await repo.recent(db, 20);
      const sent = await repo.invitationsSent(db, rows.map((r) => r.id));
      return { items: rows.map((r) => { const { rows: _rows, ...v } = importView(r, sent.get(r.id) ?? 0); return v; }) };
    },
  };
}
export type RegisterImportService = ReturnType<typeof registerImportService>;

function invalid(message: string, problems: { row: number; column: string; message: string }[]) {
  return new DomainError('VALIDATION_FAILED', message, { issues: problems.slice(0, 100).map((p) => ({ path: p.column ? `file.${p.column}` : 'file', message: `Row ${p.row}: ${p.message}` })) });
}

/** The job that imports a checked file, reporting progress as it goes. */
export function registerImportJob(imports: RegisterImportService): JobHandler {
  return async (ctx) => {
    const { importId } = ctx.payload as { importId: string };
    try {
      await imports.process(importId, ctx.progress);
    } catch (err) {
      if (ctx.lastAttempt && !ctx.signal.aborted) await imports.fail(importId, err instanceof Error ? err.message : String(err));
      throw err;
    }
  };
}
