import type { Insertable } from 'kysely';
import type { z } from 'zod';
import type { AddCpdProviderCodeBody, AddCpdProviderUserBody, CpdImport, CpdImportProblem, CpdProvider, CreateCpdProviderBody, ImportCpdCreditsBody } from '../../../contracts/cpd-standards.js';
import { toQuarters } from '../../../contracts/cpd.js';
import type { CpdActivitiesTable } from '../../db/schema.js';
import { audit, systemActor } from '../../platform/audit.js';
import { type Actor, type Platform, type RequestContext, auditCtx, hasScope, requireActor, requireRole } from '../../platform/context.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { enqueue } from '../../platform/jobs/queue.js';
import type { JobHandler } from '../../platform/jobs/worker.js';
import { sha256 } from '../../platform/secrets.js';
import { isoDay } from './cpd.dates.js';
import { type ImportRow, type RowProblem, importColumns, readImportCsv, validateImportRows } from './imports.rules.js';
import { csvText } from './csv.js';
import type { ImportRowDb, ImportsRepository } from './imports.repository.js';

export const IMPORT_JOB = 'cpd.import';
/** Files up to this many rows are checked and credited within the request; larger ones by a job. */
export const INLINE_ROWS = 1000;
const BATCH = 10_000;
const REPORT_MAX = 1000;

export type ImportInput = { kind: 'csv'; bytes: Buffer; fileName: string | null; providerId?: string } | { kind: 'json'; body: ImportCpdCreditsBody };
type Stored = { rows: ImportRow[]; problems: RowProblem[] };
type Progress = (done: number, total: number, message?: string) => Promise<void>;

const invalid = (message: string, problems: RowProblem[]) =>
  new DomainError('VALIDATION_FAILED', message, { problems, issues: problems.map((p) => ({ path: p.column ? `file.${p.column}` : 'file', message: `Row ${p.row}: ${p.message}` })) });

type ImportSummaryRow = Pick<
  ImportRowDb,
  'id' | 'provider_id' | 'provider_name' | 'via' | 'file_name' | 'status' | 'total_rows' | 'processed_rows' | 'credited_rows' | 'duplicate_rows' | 'error_rows' | 'created_at' | 'finished_at'
>;

/** An import as listed: its counts, without the per-row problems (the list reads no report). */
function summary(r: ImportSummaryRow, repeated = false): Omit<CpdImport, 'problems'> {
  return {
    id: r.id,
    providerId: r.provider_id,
    providerName: r.provider_name,
    via: r.via,
    fileName: r.file_name,
    status: r.status,
    totalRows: Number(r.total_rows),
    processedRows: Number(r.processed_rows),
    creditedRows: Number(r.credited_rows),
    duplicateRows: Number(r.duplicate_rows),
    errorRows: Number(r.error_rows),
    problemsLeftOff: 0,
    repeated,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}

/** One import with its report's per-row problems. */
function view(r: ImportRowDb, repeated = false): CpdImport {
  const report = r.report ? (JSON.parse(r.report) as { problems: CpdImportProblem[]; leftOff: number }) : { problems: [], leftOff: 0 };
  return { ...summary(r, repeated), problems: report.problems, problemsLeftOff: report.leftOff };
}

/** The JSON body's rows in the CSV's shape, so both are checked by the same rules. */
function rowsOfJson(body: ImportCpdCreditsBody): ImportRow[] {
  return body.rows.map((r, i) => ({
    row: i + 1,
    member_email: r.memberEmail?.trim() ?? '',
    member_id: r.memberId?.trim() ?? '',
    credential_id: r.credentialId?.trim() ?? '',
    activity_code: r.activityCode.trim(),
    date: r.date.trim(),
    hours: r.hours === undefined ? '' : String(r.hours).trim(),
    row_key: r.rowKey?.trim() ?? '',
  }));
}

/**
 * Provider imports: a file (or JSON rows) is checked as a whole; if any row is wrong nothing is credited and
 * the report names every problem by row and column. A file whose every row is right is credited in batches
 * that commit as they go, each credit keyed by (provider, row key), so a job stopped half-way resumes and a
 * repeated file or row credits nothing twice. The same file (by SHA-256) answers the earlier import.
 */
export function importsService(p: Platform, repo: ImportsRepository, afterCredit: (memberIds: readonly string[]) => Promise<void> = async () => {}) {
  const db = p.database.db;

  async function providerFor(actor: Actor, providerId: string | undefined) {
    const admin = actor.roles.has('scheme_admin');
    const mine = await repo.providerIdsOf(db, actor.userId);
    let id = providerId;
    if (!id) {
      if (mine.length === 0) throw new DomainError('FORBIDDEN', 'You do not import for an approved CPD provider; ask the scheme administrator to add you to one.');
      if (mine.length > 1) throw new DomainError('VALIDATION_FAILED', 'You import for several providers; choose one with providerId.', { issues: [{ path: 'body.providerId', message: 'Choose the provider' }] });
      id = mine[0]!;
    }
    const provider = await repo.provider(db, id);
    if (!provider || !(admin || mine.includes(id))) throw notFound('The CPD provider');
    if (provider.status !== 'approved') throw new DomainError('FORBIDDEN', `${provider.name} is not an approved provider at present.`);
    return provider;
  }

  /** Every provider's imports are a scheme administrator's view: for a token, one with the admin scope. */
  const staff = (actor: Actor) => actor.roles.has('scheme_admin') && hasScope(actor, 'admin');

  async function canSee(actor: Actor, providerId: string) {
    return staff(actor) || (await repo.isProviderUser(db, providerId, actor.userId));
  }

  async function load(id: string) {
    const r = await repo.importView(db, id);
    if (!r) throw notFound('The import');
    return r;
  }

  /** Checks every row and, when all are right, credits them; safe to call again after a stop. */
  async function process(importId: string, progress: Progress = async () => {}, batchSize = BATCH) {
    const imp = await load(importId);
    if (imp.status === 'done' || imp.status === 'rejected') return;
    const json = await repo.importRows(db, importId);
    if (!json) throw new Error(`Import ${importId} has no rows to process`);
    const { rows, problems: early } = JSON.parse(json) as Stored;
    const total = Number(imp.total_rows);
    // The import row is the checkpoint: processed_rows commits with each batch's credits, so a retry or a
    // takeover after a stop starts crediting at the next batch, and its progress goes on from there.
    const resumeAt = imp.status === 'importing' ? Math.min(total, Number(imp.processed_rows ?? 0)) : 0;
    const step = async (status: 'validating' | 'importing', done: number, extra: Record<string, number> = {}) => {
      const at = p.clock.now();
      await repo.updateImport(db, importId, { status, processed_rows: done, updated_at: at.toISOString(), ...extra });
      await progress(done, total, status === 'validating' ? `Checking rows: ${done} of ${total}` : `Crediting: ${done} of ${total}`);
    };

    if (resumeAt === 0) await step('validating', 0);
    const [byEmail, byId, holders, codes] = await Promise.all([
      repo.usersByEmail(db, rows.filter((r) => r.member_email).map((r) => r.member_email.toLowerCase())),
      repo.usersById(db, rows.filter((r) => r.member_id).map((r) => r.member_id)),
      repo.credentialHolders(db, rows.filter((r) => r.credential_id).map((r) => r.credential_id)),
      repo.codes(db, [imp.provider_id]),
    ]);
    const lookup = {
      memberByEmail: new Map(byEmail.map((u) => [u.email, u.id])),
      members: new Set(byId.map((u) => u.id)),
      credentialHolder: new Map(holders.map((c) => [c.id, c.holder_id])),
      codes: new Map(codes.map((c) => [c.code, { quarters: c.quarters, validFrom: c.valid_from, validTo: c.valid_to }])),
    };
    const now = p.clock.now();
    const checked = validateImportRows(rows, lookup, isoDay(now));
    const problems = [...early, ...checked.problems].sort((a, b) => a.row - b.row);
    if (resumeAt === 0) await step('validating', total);
    if (problems.length) {
      const at = p.clock.now();
      const errorRows = new Set(problems.map((x) => x.row)).size;
      await db.transaction().execute(async (tx) => {
        await repo.updateImport(tx, importId, {
          status: 'rejected',
          error_rows: errorRows,
          report: JSON.stringify({ problems: problems.slice(0, REPORT_MAX), leftOff: Math.max(0, problems.length - REPORT_MAX) }),
          rows_json: null,
          finished_at: at.toISOString(),
          updated_at: at.toISOString(),
        });
        await audit(tx, systemActor, { action: 'cpd.import_rejected', subjectType: 'cpd_import', subjectId: importId, details: { errorRows, problems: problems.length } }, at);
      });
      return;
    }

    const byCode = new Map(codes.map((c) => [c.code, c]));
    const provider = imp.provider_name;
    let credited = resumeAt ? Number(imp.credited_rows ?? 0) : 0;
    let duplicates = resumeAt ? Number(imp.duplicate_rows ?? 0) : 0;
    if (resumeAt === 0) await step('importing', 0, { credited_rows: 0, duplicate_rows: 0 });
    else await progress(resumeAt, total, `Crediting: ${resumeAt} of ${total} (resumed)`);
    for (let i = resumeAt; i < checked.credits.length; i += batchSize) {
      const batch = checked.credits.slice(i, i + batchSize);
      const at = p.clock.now().toISOString();
      await db.transaction().execute(async (tx) => {
        const existing = new Map((await repo.creditedKeys(tx, imp.provider_id, batch.map((c) => c.key))).map((r) => [r.row_key, r.import_id]));
        const fresh: Insertable<CpdActivitiesTable>[] = [];
        for (const c of batch) {
          const from = existing.get(c.key);
          if (from !== undefined) {
            // Credited before: by this import (a resumed job) or by an earlier one (a repeated row).
            if (from === importId) credited++;
            else duplicates++;
            continue;
          }
          const code = byCode.get(c.code)!;
          fresh.push({
            id: newId(),
            member_id: c.memberId,
            type: code.type,
            title: code.title,
            occurred_on: c.date,
            quarters: c.quarters,
            provider,
            learned: null,
            apply: null,
            details: code.details,
            source: 'provider',
            verified: 1,
            provider_id: imp.provider_id,
            import_id: importId,
            row_key: c.key,
            activity_code: c.code,
            audit_status: null,
            created_at: at,
            updated_at: at,
            deleted_at: null,
          });
        }
        await repo.insertCredits(tx, fresh);
        credited += fresh.length;
        await repo.updateImport(tx, importId, { status: 'importing', processed_rows: Math.min(total, i + batch.length), credited_rows: credited, duplicate_rows: duplicates, updated_at: at });
      });
      // Every member of the batch, credited now or by this import before a stop: a resumed job checks them again.
      await afterCredit(batch.map((c) => c.memberId));
      await progress(Math.min(total, i + batch.length), total, `Crediting: ${i + batch.length} of ${total}`);
    }
    const end = p.clock.now();
    await db.transaction().execute(async (tx) => {
      await repo.updateImport(tx, importId, { status: 'done', processed_rows: total, credited_rows: credited, duplicate_rows: duplicates, rows_json: null, finished_at: end.toISOString(), updated_at: end.toISOString() });
      await audit(tx, systemActor, { action: 'cpd.import_done', subjectType: 'cpd_import', subjectId: importId, details: { credited, duplicates } }, end);
    });
  }

  return {
    process,

    /** Marks an import whose job gave up; the file can be sent again (a failed import is checked afresh). */
    async fail(importId: string, error: string) {
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        await repo.updateImport(tx, importId, { status: 'failed', rows_json: null, finished_at: now.toISOString(), updated_at: now.toISOString() });
        await audit(tx, systemActor, { action: 'cpd.import_failed', subjectType: 'cpd_import', subjectId: importId, details: { error: error.slice(0, 500) } }, now);
      });
    },

    /** importCpdCredits: stores the rows and checks and credits them now (small files) or through a job. */
    async start(ctx: RequestContext, input: ImportInput): Promise<{ created: boolean; import: CpdImport }> {
      const actor = requireActor(ctx);
      const provider = await providerFor(actor, input.kind === 'csv' ? input.providerId : input.body.providerId);
      let stored: Stored;
      let sha: string;
      if (input.kind === 'csv') {
        const read = readImportCsv(csvText(input.bytes, invalid));
        if (read.fatal) throw invalid(`The file cannot be read: ${read.problems[0]!.message}`, read.problems);
        stored = { rows: read.rows, problems: read.problems };
        sha = sha256(input.bytes);
      } else {
        stored = { rows: rowsOfJson(input.body), problems: [] };
        sha = sha256(JSON.stringify(stored.rows.map((r) => importColumns.map((c) => r[c]))));
      }
      const earlier = await repo.importByFile(db, provider.id, sha);
      if (earlier && earlier.status !== 'rejected' && earlier.status !== 'failed') return { created: false, import: view(await load(earlier.id), true) };

      const now = p.clock.now();
      const at = now.toISOString();
      const total = stored.rows.length + new Set(stored.problems.map((x) => x.row)).size;
      const id = earlier?.id ?? newId();
      const big = total > INLINE_ROWS;
      const fields = {
        uploaded_by: actor.userId,
        via: input.kind === 'csv' ? ('csv' as const) : ('api' as const),
        file_name: input.kind === 'csv' ? input.fileName?.slice(0, 200) ?? null : null,
        status: 'queued' as const,
        total_rows: total,
        processed_rows: 0,
        credited_rows: 0,
        duplicate_rows: 0,
        error_rows: 0,
        report: null,
        rows_json: JSON.stringify(stored),
        updated_at: at,
        finished_at: null,
      };
      await db.transaction().execute(async (tx) => {
        // A file rejected (or failed) before is checked again: members may have joined or codes been added since.
        if (earlier) await repo.updateImport(tx, id, fields);
        else await repo.insertImport(tx, { id, provider_id: provider.id, file_sha256: sha, created_at: at, job_id: null, ...fields });
        if (big) {
          const jobId = await enqueue(tx, IMPORT_JOB, { importId: id }, now, { idempotencyKey: `cpd-import:${id}:${at}`, maxAttempts: 5 });
          await repo.updateImport(tx, id, { job_id: jobId });
        }
        await audit(tx, auditCtx(ctx), { action: 'cpd.import_started', subjectType: 'cpd_import', subjectId: id, details: { providerId: provider.id, rows: total, via: fields.via } }, now);
      });
      if (big) p.nudgeJobs();
      else await process(id);
      return { created: true, import: view(await load(id)) };
    },

    async get(ctx: RequestContext, importId: string): Promise<CpdImport> {
      const actor = requireActor(ctx);
      const r = await repo.importView(db, importId);
      if (!r || !(await canSee(actor, r.provider_id))) throw notFound('The import');
      return view(r);
    },

    async list(ctx: RequestContext) {
      const actor = requireActor(ctx);
      const ids = staff(actor) ? null : await repo.providerIdsOf(db, actor.userId);
      const rows = await repo.importsOf(db, ids, 50);
      return { items: rows.map((r) => summary(r)) };
    },

    /** The providers the actor may import for (all of them for a scheme administrator, with their users). */
    async providers(ctx: RequestContext): Promise<{ items: CpdProvider[] }> {
      const actor = requireActor(ctx);
      // Every provider with its users' names and e-mail addresses: a scheme administrator's view, for a token only with the admin scope.
      const admin = staff(actor);
      const rows = await repo.providers(db, admin ? null : await repo.providerIdsOf(db, actor.userId));
      const ids = rows.map((r) => r.id);
      const [codes, users] = await Promise.all([repo.codes(db, ids), admin ? repo.providerUsers(db, ids) : Promise.resolve([])]);
      return {
        items: rows.map((r) => ({
          id: r.id,
          slug: r.slug,
          name: r.name,
          contactEmail: r.contact_email,
          status: r.status,
          codes: codes
            .filter((c) => c.provider_id === r.id)
            .map((c) => ({ code: c.code, type: c.type as CpdProvider['codes'][number]['type'], title: c.title, hours: c.quarters / 4, validFrom: c.valid_from, validTo: c.valid_to })),
          users: users.filter((u) => u.provider_id === r.id).map((u) => ({ id: u.id, name: u.name, email: u.email })),
        })),
      };
    },

    async createProvider(ctx: RequestContext, body: z.output<typeof CreateCpdProviderBody>) {
      const actor = requireRole(ctx, ['scheme_admin']);
      if (await repo.providerBySlug(db, body.slug)) throw new DomainError('CONFLICT', `A provider with the short name ${body.slug} exists already.`, { fields: { slug: 'Choose another short name' } });
      const now = p.clock.now();
      const at = now.toISOString();
      const id = newId();
      await db.transaction().execute(async (tx) => {
        await repo.insertProvider(tx, { id, slug: body.slug, name: body.name, contact_email: body.contactEmail ?? null, status: 'approved', approved_by: actor.userId, approved_at: at, created_at: at, updated_at: at });
        await audit(tx, auditCtx(ctx), { action: 'cpd.provider_approved', subjectType: 'cpd_provider', subjectId: id, details: { slug: body.slug } }, now);
      });
      return (await this.providers(ctx)).items.find((x) => x.id === id)!;
    },

    async addCode(ctx: RequestContext, providerId: string, body: z.output<typeof AddCpdProviderCodeBody>) {
      requireRole(ctx, ['scheme_admin']);
      if (!(await repo.provider(db, providerId))) throw notFound('The CPD provider');
      if (await repo.code(db, providerId, body.code)) throw new DomainError('CONFLICT', `The code ${body.code} exists already for this provider.`, { fields: { code: 'Choose another code' } });
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        await repo.insertCode(tx, { provider_id: providerId, code: body.code, type: body.type, title: body.title, quarters: toQuarters(body.hours), valid_from: body.validFrom ?? null, valid_to: body.validTo ?? null, created_at: now.toISOString() });
        await audit(tx, auditCtx(ctx), { action: 'cpd.provider_code_added', subjectType: 'cpd_provider', subjectId: providerId, details: { code: body.code } }, now);
      });
      return { code: body.code, type: body.type, title: body.title, hours: body.hours, validFrom: body.validFrom ?? null, validTo: body.validTo ?? null };
    },

    async addUser(ctx: RequestContext, providerId: string, body: z.output<typeof AddCpdProviderUserBody>) {
      requireRole(ctx, ['scheme_admin']);
      if (!(await repo.provider(db, providerId))) throw notFound('The CPD provider');
      const user = await repo.userByEmail(db, body.email);
      if (!user) throw new DomainError('VALIDATION_FAILED', `No account has the e-mail address ${body.email}; ask them to sign up first.`, { issues: [{ path: 'body.email', message: 'No account has this e-mail address' }] });
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        await repo.addProviderUser(tx, providerId, user.id, now.toISOString());
        await audit(tx, auditCtx(ctx), { action: 'cpd.provider_user_added', subjectType: 'cpd_provider', subjectId: providerId, details: { userId: user.id } }, now);
      });
      return user;
    },

    /** The account no longer imports for the provider (its tokens keep cpd:import but find no provider). */
    async removeUser(ctx: RequestContext, providerId: string, userId: string) {
      requireRole(ctx, ['scheme_admin']);
      const provider = await repo.provider(db, providerId);
      if (!provider) throw notFound('The CPD provider');
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        if (!(await repo.removeProviderUser(tx, providerId, userId))) throw notFound(`That account among the users of ${provider.name}`);
        await audit(tx, auditCtx(ctx), { action: 'cpd.provider_user_removed', subjectType: 'cpd_provider', subjectId: providerId, details: { userId } }, now);
      });
      return { status: 'ok' as const };
    },

    /** Suspends (its users can no longer import) or reactivates an approved provider; credits already given stand. */
    async setStatus(ctx: RequestContext, providerId: string, to: 'approved' | 'suspended', reason: string | null) {
      requireRole(ctx, ['scheme_admin']);
      const provider = await repo.provider(db, providerId);
      if (!provider) throw notFound('The CPD provider');
      const from = to === 'approved' ? 'suspended' : 'approved';
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        if (!(await repo.setProviderStatus(tx, providerId, from, to, now.toISOString())))
          throw new DomainError('CONFLICT', `${provider.name} is ${to === 'approved' ? 'approved' : 'suspended'} already.`, { status: to });
        await audit(tx, auditCtx(ctx), { action: to === 'approved' ? 'cpd.provider_reactivated' : 'cpd.provider_suspended', subjectType: 'cpd_provider', subjectId: providerId, details: reason ? { reason } : {} }, now);
      });
      return (await this.providers(ctx)).items.find((x) => x.id === providerId)!;
    },
  };
}
export type ImportsService = ReturnType<typeof importsService>;

/** The job that checks and credits a large import, reporting progress as it goes. */
export function importJob(imports: ImportsService): JobHandler {
  return async (ctx) => {
    const { importId } = ctx.payload as { importId: string };
    try {
      await imports.process(importId, ctx.progress);
    } catch (err) {
      // A worker that lost the job to another leaves the import to it.
      if (ctx.lastAttempt && !ctx.signal.aborted) await imports.fail(importId, err instanceof Error ? err.message : String(err));
      throw err;
    }
  };
}
