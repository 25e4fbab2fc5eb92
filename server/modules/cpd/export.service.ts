import { PDFDocument, type PDFPage, rgb } from 'pdf-lib';
import type { CpdAudit } from '../../../contracts/cpd-standards.js';
import { type CpdActivityType, type CpdSummary, type TrackedCredential, cpdTypeSpecs } from '../../../contracts/cpd.js';
import { audit } from '../../platform/audit.js';
import { type CharTest, type TextFace, drawable, embedFonts } from '../../platform/fonts.js';
import { wrapWords } from '../../platform/wrap.js';
import { type Platform, type RequestContext, auditCtx, requireActor } from '../../platform/context.js';
import type { AuditsService } from './audits.service.js';
import type { CpdService } from './cpd.service.js';
import { toCsv } from './csv.js';
import type { ExportRepository } from './export.repository.js';

export type CpdRecord = {
  exportedAt: string;
  member: { id: string; name: string; email: string };
  activities: Array<{
    id: string;
    occurredOn: string;
    type: CpdActivityType;
    typeLabel: string;
    title: string;
    hours: number;
    provider: string | null;
    source: string;
    verified: boolean;
    activityCode: string | null;
    auditStatus: string | null;
    learned: string | null;
    apply: string | null;
    details: Record<string, string>;
    evidence: Array<{ id: string; title: string; kind: string; url: string | null }>;
  }>;
  trackedCredentials: TrackedCredential[];
  summary: CpdSummary;
  audits: CpdAudit[];
};

export const csvHeader = ['date', 'type', 'title', 'hours', 'provider', 'source', 'verified', 'activity_code', 'audit_status', 'what_i_learned', 'how_i_will_use_it', 'evidence', 'id'];

/** The activities as RFC 4180 CSV, one row each; cells that a spreadsheet would run as formulas are defused. */
export function recordCsv(r: CpdRecord): string {
  return toCsv([
    csvHeader,
    ...r.activities.map((a) => [a.occurredOn, a.typeLabel, a.title, a.hours, a.provider, a.source, a.verified ? 'yes' : 'no', a.activityCode, a.auditStatus, a.learned, a.apply, a.evidence.map((e) => e.title).join('; '), a.id]),
  ]);
}

// ---- PDF ----

const INK = rgb(0.1, 0.12, 0.18);
const MUTED = rgb(0.35, 0.37, 0.42);
const RULE = rgb(0.8, 0.82, 0.86);

/** Splits text into lines no wider than `width`, in time linear in its length. */
function wrap(font: TextFace, known: CharTest, size: number, text: string, width: number): string[] {
  return wrapWords(drawable(known, text).split(/\s+/).filter(Boolean), width, (t) => font.widthOfTextAtSize(t, size));
}

/** The record as an A4 PDF: a heading, the totals per credential, the activities as a table with page breaks, audits. */
export async function recordPdf(r: CpdRecord): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`CPD record of ${r.member.name}`);
  doc.setCreationDate(new Date(r.exportedAt));
  // Every character the record holds, so the faces of the scripts it uses are embedded.
  const { fonts, known, draw } = await embedFonts(doc, ['regular', 'bold'] as const, [JSON.stringify(r)]);
  const { regular: font, bold } = fonts;
  const W = 595.28;
  const H = 841.89;
  const M = 40;
  let page: PDFPage = doc.addPage([W, H]);
  let y = H - M;
  const newPage = () => {
    page = doc.addPage([W, H]);
    y = H - M;
  };
  const text = (s: string, opts: { size?: number; f?: TextFace; color?: ReturnType<typeof rgb>; x?: number; width?: number } = {}) => {
    const size = opts.size ?? 10;
    const f = opts.f ?? font;
    for (const line of wrap(f, known, size, s, opts.width ?? W - 2 * M)) {
      if (y < M + size) newPage();
      draw(page, line, { x: opts.x ?? M, y: y - size, size, font: f, color: opts.color ?? INK });
      y -= size + 3;
    }
  };

  text(`CPD record: ${r.member.name}`, { size: 18, f: bold });
  text(`${r.member.email} - exported ${r.exportedAt.slice(0, 16).replace('T', ' ')} UTC`, { color: MUTED });
  y -= 8;
  text('Totals per credential', { size: 13, f: bold });
  if (r.summary.credentials.length === 0) text('No credentials are tracked yet.', { color: MUTED });
  for (const c of r.summary.credentials) {
    const e = c.evaluation;
    text(`${c.credential.name} (${c.credential.issuer}) - ${e.ruleSet.name}`, { f: bold });
    text(`Cycle ${e.cycle.index + 1}, ${e.cycle.start} to ${e.cycle.end}: ${e.cycle.counted} of ${e.cycle.required ?? '-'} ${e.ruleSet.unit} counted${e.cycle.shortfall ? `, ${e.cycle.shortfall} short` : ', met'}.`);
    text(e.forecast.message, { color: MUTED });
    y -= 4;
  }

  y -= 6;
  text(`Activities (${r.activities.length})`, { size: 13, f: bold });
  const cols = [
    { head: 'Date', width: 58 },
    { head: 'Type', width: 90 },
    { head: 'Title and reflection', width: 250 },
    { head: 'Hours', width: 36 },
    { head: 'Source', width: 81 },
  ];
  const size = 8.5;
  const header = () => {
    let x = M;
    if (y < M + 30) newPage();
    for (const c of cols) {
      draw(page, c.head, { x, y: y - size, size, font: bold, color: INK });
      x += c.width;
    }
    y -= size + 4;
    page.drawLine({ start: { x: M, y }, end: { x: W - M, y }, thickness: 0.5, color: RULE });
    y -= 3;
  };
  header();
  for (const a of r.activities) {
    const reflection = [a.learned ? `Learned: ${a.learned}` : '', a.apply ? `Will use: ${a.apply}` : '', a.evidence.length ? `Evidence: ${a.evidence.map((e) => e.title).join('; ')}` : ''].filter(Boolean).join(' ');
    const cells = [
      [a.occurredOn],
      wrap(font, known, size, a.typeLabel, cols[1]!.width - 6),
      [...wrap(bold, known, size, a.title, cols[2]!.width - 6), ...(reflection ? wrap(font, known, size, reflection, cols[2]!.width - 6) : [])],
      [String(a.hours)],
      wrap(font, known, size, `${a.provider ?? a.source}${a.verified ? ' (verified)' : ''}${a.auditStatus ? `, audit ${a.auditStatus}` : ''}`, cols[4]!.width - 6),
    ];
    const lines = Math.max(...cells.map((c) => c.length));
    const lineHeight = size + 2;
    // A row starts on a new page unless it fits; a row taller than a page goes on over the next ones.
    if (y - Math.min(lines * lineHeight + 4, H - 2 * M - 40) < M) {
      newPage();
      header();
    }
    for (let i = 0; i < lines; i++) {
      if (y - lineHeight < M) {
        newPage();
        header();
      }
      let x = M;
      cells.forEach((cell, k) => {
        const line = cell[i];
        if (line) draw(page, line, { x, y: y - size, size, font: k === 2 && i === 0 ? bold : font, color: INK });
        x += cols[k]!.width;
      });
      y -= lineHeight;
    }
    y -= 4;
    page.drawLine({ start: { x: M, y: y + 2 }, end: { x: W - M, y: y + 2 }, thickness: 0.3, color: RULE });
  }

  if (r.audits.length) {
    y -= 10;
    text('Audits', { size: 13, f: bold });
    for (const au of r.audits) {
      text(`${au.year} (${au.reason}): ${au.status.replace('_', ' ')}, due ${au.dueAt.slice(0, 10)}`, { f: bold });
      for (const i of au.items) text(`${i.occurredOn} ${i.title}: ${i.decision ?? 'not decided'}${i.reasons ? ` - ${i.reasons}` : ''}`, { x: M + 10, width: W - 2 * M - 10 });
    }
  }
  const pages = doc.getPages();
  pages.forEach((pg, i) => {
    draw(pg, `Page ${i + 1} of ${pages.length}`, { x: W - M - 60, y: M / 2, size: 8, font, color: MUTED });
  });
  return doc.save();
}

/** exportCpdRecord: the member's whole CPD record, at any time. */
export function exportService(p: Platform, repo: ExportRepository, cpd: CpdService, audits: AuditsService) {
  const db = p.database.db;
  return {
    async record(ctx: RequestContext, format: 'json' | 'csv' | 'pdf'): Promise<CpdRecord> {
      const actor = requireActor(ctx);
      const now = p.clock.now();
      const [rows, evidence, auditIds, tracked, summary] = await Promise.all([
        repo.activities(db, actor.userId),
        repo.evidence(db, actor.userId),
        repo.auditIds(db, actor.userId),
        cpd.listTracked(ctx),
        cpd.summary(ctx),
      ]);
      const byActivity = new Map<string, CpdRecord['activities'][number]['evidence']>();
      for (const e of evidence) byActivity.set(e.activity_id, [...(byActivity.get(e.activity_id) ?? []), { id: e.id, title: e.title, kind: e.kind, url: e.url }]);
      const auditList = [];
      for (const id of auditIds) auditList.push(await audits.get(id));
      await audit(db, auditCtx(ctx), { action: 'cpd.record_exported', subjectType: 'user', subjectId: actor.userId, details: { format, activities: rows.length } }, now);
      return {
        exportedAt: now.toISOString(),
        member: { id: actor.userId, name: actor.name, email: actor.email },
        activities: rows.map((a) => ({
          id: a.id,
          occurredOn: a.occurred_on,
          type: a.type as CpdActivityType,
          typeLabel: cpdTypeSpecs[a.type as CpdActivityType]?.label ?? a.type,
          title: a.title,
          hours: a.quarters / 4,
          provider: a.provider,
          source: a.source,
          verified: a.verified === 1,
          activityCode: a.activity_code,
          auditStatus: a.audit_status,
          learned: a.learned,
          apply: a.apply,
          details: JSON.parse(a.details) as Record<string, string>,
          evidence: byActivity.get(a.id) ?? [],
        })),
        trackedCredentials: tracked.items,
        summary,
        audits: auditList,
      };
    },
  };
}
export type ExportService = ReturnType<typeof exportService>;
