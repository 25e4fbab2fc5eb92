import type { z } from 'zod';
import type { EligibilityResult, EvidenceSummary, PortfolioView, SavedItem, WhatIfBody } from '../../../contracts/portfolio-api.js';
import { EVIDENCE_MAX_BYTES, EVIDENCE_MEDIA_TYPES } from '../../../contracts/portfolio-api.js';
import type { PortfolioItem } from '../../../contracts/portfolio.js';
import type { Scheme } from '../../../contracts/scheme.js';
import type { Db } from '../../db/database.js';
import { audit } from '../../platform/audit.js';
import { type Actor, type Platform, type RequestContext, auditCtx, requireActor } from '../../platform/context.js';
import { DomainError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { CompiledVersion, SchemesService } from '../schemes/schemes.service.js';
import { type ItemRow, type PortfolioRepository, dataOf, itemFromRow } from './portfolio.repository.js';
import { checkPortfolioItem, type FieldProblem } from './portfolio.rules.js';

type Issue = { path: string; message: string };
const invalid = (issues: Issue[]) =>
  new DomainError('VALIDATION_FAILED', `${issues[0]?.path}: ${issues[0]?.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, { issues });

/** Evidence input as the routes hand it over: a link, or the bytes of one uploaded file. */
export type EvidenceInput = { title: string; itemIds: string[] } & ({ url: string } | { file: Buffer });

/** A member's own portfolio, evidence and eligibility under the scheme version in force. */
export function portfolioService(p: Platform, repo: PortfolioRepository, schemes: SchemesService) {
  const db: Db = p.database.db;
  /**
   * getEligibility answers, serialised, per member. Valid while the version in force, the day and the
   * portfolio's revision are unchanged; this process's own writes drop the entry at once, and the revision
   * catches writes made by other processes.
   */
  const answers = new Map<string, { key: string; body: string }>();
  const ANSWERS_MAX = 20_000;
  const forget = (memberId: string) => answers.delete(memberId);

  async function inForce(): Promise<CompiledVersion> {
    const v = await schemes.inForce();
    if (!v) throw new DomainError('UNAVAILABLE', 'No scheme has been published yet; a scheme administrator must publish one first.');
    return v;
  }

  const meta = (row: Pick<ItemRow, 'created_at' | 'updated_at'>, notices: FieldProblem[]) => ({ createdAt: row.created_at, updatedAt: row.updated_at, notices });

  /** Refuses an item with field errors (paths under `prefix`); answers its notices. */
  function check(item: PortfolioItem, scheme: Scheme, others: PortfolioItem[], prefix: string): FieldProblem[] {
    const { errors, notices } = checkPortfolioItem(item, scheme, p.clock.now(), others);
    if (errors.length) throw invalid(errors.map((e) => ({ path: `${prefix}.${e.field}`, message: e.message })));
    return notices;
  }

  async function assertOwnEvidence(actor: Actor, ids: readonly string[] | undefined) {
    if (!ids?.length) return;
    const own = await repo.ownEvidenceIds(db, actor.userId, ids);
    const bad = ids.map((id, i) => ({ id, i })).filter(({ id }) => !own.has(id));
    if (bad.length) throw invalid(bad.map(({ i }) => ({ path: `body.evidenceIds[${i}]`, message: 'No such evidence in your portfolio' })));
  }

  async function save(ctx: RequestContext, body: PortfolioItem, itemId: string | null): Promise<SavedItem> {
    const actor = requireActor(ctx);
    const v = await inForce();
    const rows = await repo.itemsOf(db, actor.userId);
    const existing = itemId === null ? null : rows.find((r) => r.id === itemId);
    if (itemId !== null && !existing) throw notFound('The portfolio item');
    const id = itemId ?? newId();
    const item = { ...body, id } as PortfolioItem;
    const notices = check(item, v.scheme, rows.filter((r) => r.id !== id).map(itemFromRow), 'body');
    await assertOwnEvidence(actor, body.evidenceIds);
    const now = p.clock.now().toISOString();
    const row: ItemRow = { id, member_id: actor.userId, kind: item.kind, data: dataOf(item), created_at: existing?.created_at ?? now, updated_at: now };
    await db.transaction().execute(async (tx) => {
      if (existing) await repo.updateItem(tx, id, { kind: row.kind, data: row.data, updated_at: now });
      else await repo.insertItem(tx, row);
      if (body.evidenceIds !== undefined) {
        await repo.unlinkItem(tx, id);
        await repo.link(tx, [...new Set(body.evidenceIds)].map((e) => ({ evidence_id: e, item_id: id })));
      }
    });
    forget(actor.userId);
    const links = (await repo.linksOf(db, actor.userId)).filter((l) => l.item_id === id).map((l) => l.evidence_id);
    return { item: { ...item, evidenceIds: links } as PortfolioItem, meta: meta(row, notices) };
  }

  const evidenceSummary = (e: { id: string; kind: 'file' | 'link'; title: string; url: string | null; file_sha256: string | null; created_at: string }, itemIds: string[], file: EvidenceSummary['file']): EvidenceSummary => ({
    id: e.id,
    kind: e.kind,
    title: e.title,
    url: e.url,
    file,
    href: e.kind === 'file' ? `/api/v1/evidence/${e.id}/file` : null,
    itemIds,
    createdAt: e.created_at,
  });

  function result(v: CompiledVersion, items: PortfolioItem[], extra?: string[]): EligibilityResult {
    const evaluation = v.evaluator.evaluate({ items }, p.clock.now());
    return {
      schemeVersion: { id: v.head.id, schemeId: v.head.scheme_id, number: v.head.number, label: v.head.label },
      evaluation,
      ...(extra ? { hypotheticalItemIds: extra } : {}),
    };
  }

  /** A member's items (evidence ids filled in), their notices and their evidence summaries. */
  async function viewOf(memberId: string): Promise<PortfolioView> {
    const [rows, evidence, links, v] = await Promise.all([repo.itemsOf(db, memberId), repo.evidenceOf(db, memberId), repo.linksOf(db, memberId), schemes.inForce()]);
    const items = rows.map(itemFromRow);
    const byItem = new Map<string, string[]>();
    const byEvidence = new Map<string, string[]>();
    for (const l of links) {
      byItem.set(l.item_id, [...(byItem.get(l.item_id) ?? []), l.evidence_id]);
      byEvidence.set(l.evidence_id, [...(byEvidence.get(l.evidence_id) ?? []), l.item_id]);
    }
    const now = p.clock.now();
    const files = new Map<string, EvidenceSummary['file']>();
    for (const f of await repo.filesOf(db, evidence.flatMap((e) => (e.file_sha256 ? [e.file_sha256] : []))))
      files.set(f.sha256, { sha256: f.sha256, mediaType: f.media_type, size: f.size });
    return {
      items: items.map((i) => ({ ...i, evidenceIds: byItem.get(i.id) ?? [] }) as PortfolioItem),
      meta: Object.fromEntries(rows.map((r, i) => [r.id, meta(r, v ? checkPortfolioItem(items[i]!, v.scheme, now, items).notices : [])])),
      evidence: evidence.map((e) => evidenceSummary(e, byEvidence.get(e.id) ?? [], e.file_sha256 ? (files.get(e.file_sha256) ?? null) : null)),
    };
  }

  return {
    async view(ctx: RequestContext): Promise<PortfolioView> {
      return viewOf(requireActor(ctx).userId);
    },

    /**
     * What an application freezes of a member's record: items with their evidence ids, evidence summaries and
     * the evaluation under the version in force today. The caller (applications) authorises.
     */
    async snapshotOf(memberId: string) {
      const [v, view] = await Promise.all([inForce(), viewOf(memberId)]);
      return { version: v, items: view.items, evidence: view.evidence, evaluation: v.evaluator.evaluate({ items: view.items }, p.clock.now()) };
    },

    add: (ctx: RequestContext, body: PortfolioItem) => save(ctx, body, null),
    update: (ctx: RequestContext, itemId: string, body: PortfolioItem) => save(ctx, body, itemId),

    async remove(ctx: RequestContext, itemId: string): Promise<{ status: 'ok' }> {
      const actor = requireActor(ctx);
      await db.transaction().execute(async (tx) => {
        if (!(await repo.findItem(tx, actor.userId, itemId))) throw notFound('The portfolio item');
        await repo.deleteItem(tx, itemId);
      });
      forget(actor.userId);
      return { status: 'ok' };
    },

    /** Stores a file (type sniffed, ≤ 10 MB) or a link and attaches it to some of the member's own items. */
    async addEvidence(ctx: RequestContext, input: EvidenceInput): Promise<EvidenceSummary> {
      const actor = requireActor(ctx);
      const own = await repo.ownItemIds(db, actor.userId, input.itemIds);
      const missing = input.itemIds.find((id) => !own.has(id));
      if (missing !== undefined) throw notFound(`The portfolio item ${missing}`);
      const now = p.clock.now();
      const stored = 'file' in input ? await p.files.put(input.file, { allowed: EVIDENCE_MEDIA_TYPES, createdBy: actor.userId, now, maxBytes: EVIDENCE_MAX_BYTES }) : null;
      const row = { id: newId(), member_id: actor.userId, kind: stored ? ('file' as const) : ('link' as const), title: input.title, file_sha256: stored?.sha256 ?? null, url: 'url' in input ? input.url : null, created_at: now.toISOString() };
      const itemIds = [...new Set(input.itemIds)];
      await db.transaction().execute(async (tx) => {
        await repo.insertEvidence(tx, row);
        await repo.link(tx, itemIds.map((item_id) => ({ evidence_id: row.id, item_id })));
      });
      return evidenceSummary(row, itemIds, stored ? { sha256: stored.sha256, mediaType: stored.mediaType, size: stored.size } : null);
    },

    /** The bytes of a file: its owner, assessors, scheme administrators (who decide on applications) and system administrators; anyone else gets 404. */
    async evidenceFile(ctx: RequestContext, evidenceId: string): Promise<{ bytes: Buffer; mediaType: string; title: string }> {
      const actor = requireActor(ctx);
      const e = await repo.findEvidence(db, evidenceId);
      const allowed = e && (e.member_id === actor.userId || actor.roles.has('assessor') || actor.roles.has('scheme_admin') || actor.roles.has('system_admin'));
      if (!e || !allowed || !e.file_sha256) throw notFound('The evidence file');
      const f = await p.files.get(e.file_sha256);
      if (!f) throw notFound('The evidence file');
      if (e.member_id !== actor.userId)
        await audit(db, auditCtx(ctx), { action: 'evidence.file_viewed', subjectType: 'evidence', subjectId: e.id, details: { memberId: e.member_id } }, p.clock.now());
      return { bytes: f.bytes, mediaType: f.mediaType, title: e.title };
    },

    /** The member's saved portfolio against the version in force, today, as JSON text (cached; see `answers`). */
    async eligibilityJson(ctx: RequestContext): Promise<string> {
      const actor = requireActor(ctx);
      const [v, rev] = await Promise.all([inForce(), repo.revisionOf(db, actor.userId)]);
      const key = `${v.head.id}|${p.clock.now().toISOString().slice(0, 10)}|${rev.n}|${rev.maxId}|${rev.maxUpdated}`;
      const hit = answers.get(actor.userId);
      if (hit?.key === key) return hit.body;
      const rows = await repo.itemDataOf(db, actor.userId);
      const body = JSON.stringify(result(v, rows.map(itemFromRow)));
      if (answers.size >= ANSWERS_MAX) answers.delete(answers.keys().next().value!);
      answers.set(actor.userId, { key, body });
      return body;
    },

    /** Employers of several members from their work items (current while endOn is null), for conflict-of-interest checks. */
    async employmentsOf(memberIds: readonly string[]): Promise<Map<string, Array<{ employer: string; endedOn: string | null }>>> {
      const out = new Map<string, Array<{ employer: string; endedOn: string | null }>>(memberIds.map((id) => [id, []]));
      for (const r of await repo.workItemsOf(db, memberIds)) {
        const w = JSON.parse(r.data) as { employer?: string; endOn?: string | null };
        if (w.employer) out.get(r.member_id)?.push({ employer: w.employer, endedOn: w.endOn ?? null });
      }
      return out;
    },

    /** As eligibility, with hypothetical items added and some saved ones left out; saves nothing. */
    async whatIf(ctx: RequestContext, body: z.output<typeof WhatIfBody>): Promise<EligibilityResult> {
      const actor = requireActor(ctx);
      const [v, rows] = await Promise.all([inForce(), repo.itemDataOf(db, actor.userId)]);
      const without = new Set(body.withoutItemIds ?? []);
      const saved = rows.filter((r) => !without.has(r.id)).map(itemFromRow);
      const extra = body.items.map((item, i) => ({ ...item, id: `what-if-${i + 1}` }) as PortfolioItem);
      const now = p.clock.now();
      const issues = extra.flatMap((item, i) => checkPortfolioItem(item, v.scheme, now).errors.map((e) => ({ path: `body.items[${i}].${e.field}`, message: e.message })));
      if (issues.length) throw invalid(issues);
      return result(v, [...saved, ...extra], extra.map((i) => i.id));
    },
  };
}
export type PortfolioService = ReturnType<typeof portfolioService>;
