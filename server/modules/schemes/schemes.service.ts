import type { Portfolio } from '../../../contracts/portfolio.js';
import type { Scheme } from '../../../contracts/scheme.js';
import type { SaveSchemeDraftBody } from '../../../contracts/scheme-drafts.js';
import type { CaseFrameworkPackage, SchemeDetail, SchemeSummary, SchemeVersionReview, SchemeVersionSummary } from '../../../contracts/schemes-api.js';
import { audit } from '../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx, requireActor, requireRole } from '../../platform/context.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { sha256 } from '../../platform/secrets.js';
import { compileScheme, type Evaluator } from '../portfolio/eligibility.rules.js';
import { compatibilityProblems, diffSchemes } from './scheme-diff.rules.js';
import { type ImpactPreview, previewImpact } from './scheme-impact.rules.js';
import { replaceFramework, schemeCasePackage } from './case-package.rules.js';
import { parseScheme, type SchemeProblem } from './scheme.rules.js';
import type { SchemeRow, SchemesRepository, VersionHead } from './schemes.repository.js';

/** Every member's portfolio, a batch at a time (for impact previews over many members). */
export type PortfolioSource = () => AsyncIterable<Array<{ memberId: string; portfolio: Portfolio }>>;

/** A scheme version ready to evaluate with; cached per version id (versions never change once stored). */
export type CompiledVersion = { head: VersionHead; scheme: Scheme; evaluator: Evaluator };

const summary = (v: VersionHead): SchemeVersionSummary => ({
  id: v.id,
  schemeId: v.scheme_id,
  number: v.number,
  label: v.label,
  status: v.status,
  sha256: v.sha256,
  createdAt: v.created_at,
  createdBy: v.created_by,
  publishedAt: v.published_at,
  publishedBy: v.published_by,
});

const publishedRefusal = (label: string) =>
  new DomainError('CONFLICT', `Version ${label} is published; published versions cannot be changed. Start a new draft instead.`, { status: 'published' });

const invalid = (issues: Array<{ path: string; message: string }>, what = 'The scheme') =>
  new DomainError('VALIDATION_FAILED', `${what} has ${issues.length} problem${issues.length === 1 ? '' : 's'}; the first: ${issues[0]?.path}: ${issues[0]?.message}`, { issues });

/** Adds up impact previews of disjoint member batches. */
function mergeImpact(into: ImpactPreview | null, next: ImpactPreview, exampleLimit: number): ImpactPreview {
  if (!into) return next;
  into.members += next.members;
  into.higher += next.higher;
  into.lower += next.lower;
  into.unchanged += next.unchanged;
  into.levels.forEach((l, i) => {
    const n = next.levels[i]!;
    l.eligibleBefore += n.eligibleBefore;
    l.eligibleAfter += n.eligibleAfter;
    l.becomeEligible += n.becomeEligible;
    l.loseEligibility += n.loseEligibility;
  });
  into.examples.push(...next.examples.slice(0, Math.max(0, exampleLimit - into.examples.length)));
  return into;
}

/** Scheme versions: list, read, upload as draft with a review, publish; and the compiled version in force. */
export function schemesService(p: Platform, repo: SchemesRepository, portfolios: PortfolioSource) {
  const db = p.database.db;
  const compiled = new Map<string, CompiledVersion>();

  async function compiledVersion(versionId: string): Promise<CompiledVersion> {
    const hit = compiled.get(versionId);
    if (hit) return hit;
    const row = await repo.findVersion(db, versionId);
    if (!row) throw notFound('The scheme version');
    const scheme = JSON.parse(row.content) as Scheme;
    const { content: _content, ...head } = row;
    const c: CompiledVersion = { head, scheme, evaluator: compileScheme(scheme) };
    // Drafts can be edited (saveSchemeDraft), maybe by another process: only published versions are kept.
    if (head.status === 'published') compiled.set(versionId, c);
    return c;
  }

  async function summaries(rows: SchemeRow[], withDrafts: boolean): Promise<SchemeSummary[]> {
    const heads = await repo.versionHeads(db, rows.map((r) => r.id));
    return rows.map((r) => {
      const mine = heads.filter((h) => h.scheme_id === r.id);
      const current = mine.find((h) => h.id === r.current_version_id);
      return {
        id: r.id,
        key: r.key,
        name: r.name,
        bodyId: r.body_id,
        current: current ? summary(current) : null,
        drafts: withDrafts ? mine.filter((h) => h.status === 'draft').map(summary) : [],
      };
    });
  }

  async function schemeOr404(idOrKey: string): Promise<SchemeRow> {
    const s = await repo.findScheme(db, idOrKey);
    if (!s) throw notFound('The scheme');
    return s;
  }

  async function versionOf(s: SchemeRow, versionId: string): Promise<CompiledVersion> {
    const v = await compiledVersion(versionId).catch(() => null);
    if (!v || v.head.scheme_id !== s.id) throw notFound('The scheme version');
    return v;
  }

  /** The draft compared with the version in force: diff and who gains or loses eligibility today. */
  async function review(s: SchemeRow, v: CompiledVersion): Promise<SchemeVersionReview> {
    const now = p.clock.now();
    const against = s.current_version_id ? await compiledVersion(s.current_version_id) : null;
    const before = against?.scheme ?? v.scheme;
    const exampleLimit = 50;
    let impact: ImpactPreview | null = null;
    for await (const batch of portfolios()) {
      impact = mergeImpact(impact, previewImpact(before, v.scheme, batch, now, exampleLimit), exampleLimit);
      // Let other requests in between batches: a preview over many members takes seconds.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const heads = await repo.versionHeads(db, [s.id]);
    const fresh = (c: CompiledVersion) => summary(heads.find((h) => h.id === c.head.id) ?? c.head);
    return {
      version: fresh(v),
      against: against ? fresh(against) : null,
      diff: against ? diffSchemes(against.scheme, v.scheme) : [],
      impact: impact ?? previewImpact(before, v.scheme, [], now),
      asOf: now.toISOString().slice(0, 10),
    };
  }

  /** Stores a checked scheme as the next draft with an audit entry; answers its review. */
  async function store(ctx: RequestContext, by: string, s: SchemeRow, scheme: Scheme, action: string, extra: Record<string, unknown> = {}): Promise<SchemeVersionReview> {
    const content = JSON.stringify(scheme);
    const now = p.clock.now().toISOString();
    const id = newId();
    await db.transaction().execute(async (tx) => {
      const row = { id, scheme_id: s.id, number: await repo.nextNumber(tx, s.id), label: scheme.version, status: 'draft' as const, content, sha256: sha256(content), created_at: now, created_by: by, published_at: null, published_by: null };
      await repo.insertVersion(tx, row);
      await audit(tx, auditCtx(ctx), { action, subjectType: 'scheme_version', subjectId: id, details: { schemeId: s.id, number: row.number, label: row.label, sha256: row.sha256, ...extra } }, p.clock.now());
    });
    return review(s, await compiledVersion(id));
  }

  /** Every check an upload makes: shape, cross-references, the scheme's id, nothing old records need removed. */
  async function schemeProblems(s: SchemeRow, body: unknown): Promise<{ scheme: Scheme | null; problems: SchemeProblem[]; what: string }> {
    const parsed = parseScheme(body);
    if (!parsed.ok) return { scheme: null, problems: parsed.errors, what: 'The scheme' };
    const scheme = parsed.scheme;
    if (scheme.id !== s.key) return { scheme: null, problems: [{ path: 'id', message: `This is the "${s.key}" scheme; its id must stay "${s.key}"` }], what: 'The scheme' };
    if (s.current_version_id) {
      const problems = compatibilityProblems((await compiledVersion(s.current_version_id)).scheme, scheme);
      if (problems.length) return { scheme: null, problems, what: 'The new version' };
    }
    return { scheme, problems: [], what: 'The scheme' };
  }

  async function checkedScheme(s: SchemeRow, body: unknown): Promise<Scheme> {
    const r = await schemeProblems(s, body);
    if (!r.scheme) throw invalid(r.problems, r.what);
    return r.scheme;
  }

  const isSchemeAdmin = (ctx: RequestContext) => ctx.actor?.roles.has('scheme_admin') ?? false;

  return {
    compiledVersion,
    /** The version members are judged under now, compiled; null before any scheme is published. */
    async inForce(): Promise<CompiledVersion | null> {
      const s = await repo.schemeInForce(db);
      return s?.current_version_id ? compiledVersion(s.current_version_id) : null;
    },

    async list(ctx: RequestContext): Promise<{ schemes: SchemeSummary[] }> {
      requireActor(ctx);
      return { schemes: await summaries(await repo.listSchemes(db), isSchemeAdmin(ctx)) };
    },

    /** The current published version with its content; drafts only for scheme administrators. */
    async get(ctx: RequestContext, idOrKey: string, versionId?: string): Promise<SchemeDetail> {
      requireActor(ctx);
      const s = await schemeOr404(idOrKey);
      const id = versionId ?? s.current_version_id;
      if (!id) throw notFound('A published version of this scheme');
      // Status from the database, not the cache: another process may have published since.
      const head = (await repo.versionHeads(db, [s.id])).find((h) => h.id === id);
      if (!head || (head.status === 'draft' && !isSchemeAdmin(ctx))) throw notFound('The scheme version');
      const v = await compiledVersion(id);
      const [sum] = await summaries([s], isSchemeAdmin(ctx));
      return { scheme: sum!, version: summary(head), content: v.scheme as unknown as Record<string, unknown> };
    },

    /** Validates a scheme file and stores it as a draft; answers the diff and impact against the version in force. */
    async upload(ctx: RequestContext, idOrKey: string, body: unknown): Promise<SchemeVersionReview> {
      const actor = requireRole(ctx, ['scheme_admin']);
      const s = await schemeOr404(idOrKey);
      return store(ctx, actor.userId, s, await checkedScheme(s, body), 'scheme.version_uploaded');
    },

    /** The framework of the version in force as a CASE 1.0-style package with stable identifiers. */
    /** Public: credentials align to its items, so whoever follows an alignment may read it. */
    async exportFramework(_ctx: RequestContext, idOrKey: string): Promise<CaseFrameworkPackage> {
      const s = await schemeOr404(idOrKey);
      if (!s.current_version_id) throw notFound('A published version of this scheme');
      const v = await compiledVersion(s.current_version_id);
      return schemeCasePackage(v.scheme, v.head.published_at ?? v.head.created_at);
    },

    /** A CASE package replaces the framework of the version in force, stored as a draft; answers the same review as upload. */
    async importFramework(ctx: RequestContext, idOrKey: string, body: unknown, label?: string): Promise<SchemeVersionReview> {
      const actor = requireRole(ctx, ['scheme_admin']);
      const s = await schemeOr404(idOrKey);
      if (!s.current_version_id) throw notFound('A published version of this scheme');
      const current = (await compiledVersion(s.current_version_id)).scheme;
      const r = replaceFramework(current, body, p.clock.now().toISOString().slice(0, 10));
      if (!r.ok) throw invalid(r.errors, 'The CASE package');
      // Removals first: they name what old records would lose, the clearest reason to refuse.
      const problems = compatibilityProblems(current, r.scheme);
      if (problems.length) throw invalid(problems, 'The new version');
      const number = await repo.nextNumber(db, s.id);
      // The label must stay a valid scheme version; by default the one in force marked with the new number.
      const parsed = parseScheme({ ...r.scheme, version: label ?? `${current.version.slice(0, 30)}+case.${number}` });
      if (!parsed.ok) throw invalid(parsed.errors, 'The imported framework');
      return store(ctx, actor.userId, s, parsed.scheme, 'scheme.framework_imported', { warnings: r.warnings });
    },

    /** getSchemeVersion: a version's file exactly as stored (its SHA-256 is the version's sha256); drafts only for scheme administrators. */
    async versionFile(ctx: RequestContext, idOrKey: string, versionId: string): Promise<{ head: VersionHead; content: string; key: string }> {
      requireActor(ctx);
      const s = await schemeOr404(idOrKey);
      const row = await repo.findVersion(db, versionId);
      if (!row || row.scheme_id !== s.id || (row.status === 'draft' && !isSchemeAdmin(ctx))) throw notFound('The scheme version');
      const { content, ...head } = row;
      return { head, content, key: s.key };
    },

    /** checkSchemeDraft: the upload's checks without saving, so a form can show problems as one types. */
    async checkDraft(ctx: RequestContext, idOrKey: string, body: unknown): Promise<{ ok: boolean; problems: SchemeProblem[] }> {
      requireRole(ctx, ['scheme_admin']);
      const { problems } = await schemeProblems(await schemeOr404(idOrKey), body);
      return { ok: problems.length === 0, problems };
    },

    /**
     * saveSchemeDraft: a new draft, or new content for a draft compared-and-set on the revision (sha256) the
     * editor loaded, so one administrator never silently overwrites another's edit. Published versions never change.
     */
    async saveDraft(ctx: RequestContext, idOrKey: string, body: SaveSchemeDraftBody): Promise<{ created: boolean; review: SchemeVersionReview }> {
      const actor = requireRole(ctx, ['scheme_admin']);
      const s = await schemeOr404(idOrKey);
      const versionId = body.versionId;
      if (versionId === undefined) return { created: true, review: await store(ctx, actor.userId, s, await checkedScheme(s, body.content), 'scheme.draft_saved') };
      const existing = await repo.findVersion(db, versionId);
      if (!existing || existing.scheme_id !== s.id) throw notFound('The draft');
      if (existing.status !== 'draft') throw publishedRefusal(existing.label);
      if (!body.revision) throw invalid([{ path: 'revision', message: 'Send the revision (sha256) of the draft you edited, so a change made meanwhile is not overwritten' }], 'The request');
      const scheme = await checkedScheme(s, body.content);
      const content = JSON.stringify(scheme);
      const hash = sha256(content);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        if (!(await repo.updateDraft(tx, versionId, body.revision!, { content, sha256: hash, label: scheme.version }))) {
          const fresh = await repo.findVersion(tx, versionId);
          if (fresh?.status !== 'draft') throw publishedRefusal(existing.label);
          throw new DomainError('CONFLICT', `Someone saved this draft after you opened it (now revision ${fresh.sha256.slice(0, 12)}). Reload it, make your change again, and save.`, { revision: fresh.sha256 });
        }
        await audit(tx, auditCtx(ctx), { action: 'scheme.draft_saved', subjectType: 'scheme_version', subjectId: versionId, details: { schemeId: s.id, number: existing.number, label: scheme.version, sha256: hash, previous: body.revision } }, now);
      });
      return { created: false, review: await review(s, await compiledVersion(versionId)) };
    },

    async impact(ctx: RequestContext, idOrKey: string, versionId: string): Promise<SchemeVersionReview> {
      requireRole(ctx, ['scheme_admin']);
      const s = await schemeOr404(idOrKey);
      return review(s, await versionOf(s, versionId));
    },

    /** Draft → published and in force, with an audit entry. A published version is never changed again. */
    async publish(ctx: RequestContext, idOrKey: string, versionId: string): Promise<SchemeVersionSummary> {
      const actor = requireRole(ctx, ['scheme_admin']);
      const s = await schemeOr404(idOrKey);
      const v = await versionOf(s, versionId);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const fresh = await repo.findScheme(tx, s.id);
        if (fresh?.current_version_id && fresh.current_version_id !== v.head.id) {
          const problems = compatibilityProblems((await compiledVersion(fresh.current_version_id)).scheme, v.scheme);
          if (problems.length) throw invalid(problems, 'The new version');
        }
        if (!(await repo.publishVersion(tx, v.head.id, v.head.sha256, actor.userId, now.toISOString()))) {
          const fresh = await repo.findVersion(tx, v.head.id);
          if (fresh?.status === 'draft') throw new DomainError('CONFLICT', 'This draft was saved again while it was being published; review it again, then publish.', { revision: fresh.sha256 });
          throw new DomainError('CONFLICT', 'This version is already published; published versions cannot be changed. Upload a new version instead.');
        }
        await repo.setCurrent(tx, s.id, v.head.id);
        await audit(tx, auditCtx(ctx), { action: 'scheme.version_published', subjectType: 'scheme_version', subjectId: v.head.id, details: { schemeId: s.id, number: v.head.number, label: v.head.label, previous: fresh?.current_version_id ?? null } }, now);
      });
      const row = await repo.findVersion(db, v.head.id);
      const { content: _c, ...head } = row!;
      compiled.set(head.id, { ...v, head });
      return summary(head);
    },
  };
}
export type SchemesService = ReturnType<typeof schemesService>;
