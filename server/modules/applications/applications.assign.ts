import { idConflict } from './applications.rules.js';
import { type Application, closedStates, type Employment, type Refusal, refuse } from './applications.types.js';

/*
 * Pure helpers around the machine: choosing assessors without conflicts of interest while balancing load, and the
 * one-open-application-per-level rule.
 */

export interface AssessorCandidate {
  userId: string;
  employers: Employment[];
  /** Applicant ids the assessor has declared a conflict with. */
  declaredConflicts: string[];
}
export interface PickOptions {
  /** An employment that ended within this many years still counts as a conflict. */
  recentYears?: number;
}
export type PickResult = { ok: true; assessorIds: string[] } | Refusal;

const YEAR_MS = 365.25 * 86_400_000;
const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
const recentEmployers = (list: Employment[], now: Date, years: number) =>
  new Set(list.filter((e) => e.endedOn === null || now.getTime() - Date.parse(e.endedOn) <= years * YEAR_MS).map((e) => norm(e.employer)));

/** Why a candidate may not assess the application (null when free to): employer, referee, declared, self. */
export function assessorConflict(candidate: AssessorCandidate, app: Application, now: Date, options: PickOptions = {}): string | null {
  const byId = idConflict(app, candidate.userId);
  if (byId) return byId;
  if (candidate.declaredConflicts.includes(app.applicantId)) return 'declared a conflict with the applicant';
  const years = options.recentYears ?? 3;
  const theirs = recentEmployers(candidate.employers, now, years);
  for (const e of recentEmployers(app.applicantEmployers, now, years)) if (theirs.has(e)) return `shares a current or recent employer (${e})`;
  return null;
}

/**
 * Chooses n assessors free of conflict and not already involved, least loaded first (ties by id, so the choice is
 * repeatable); refuses with too_few_assessors when fewer than n are eligible.
 */
export function pickAssessors(
  candidates: readonly AssessorCandidate[],
  app: Application,
  load: ReadonlyMap<string, number>,
  n: number,
  now: Date,
  options: PickOptions = {},
): PickResult {
  // Someone listed twice is excluded if any of their records shows a conflict.
  const excluded = new Set(candidates.filter((c) => app.involved.includes(c.userId) || assessorConflict(c, app, now, options) !== null).map((c) => c.userId));
  const eligible = [...new Set(candidates.map((c) => c.userId))].filter((id) => !excluded.has(id)).map((userId) => ({ userId }));
  if (eligible.length < n)
    return refuse('too_few_assessors', `${n} assessor${n === 1 ? '' : 's'} needed; only ${eligible.length} free of conflicts of interest`);
  const sorted = eligible
    .map((c) => ({ id: c.userId, load: load.get(c.userId) ?? 0 }))
    .sort((a, b) => a.load - b.load || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ok: true, assessorIds: sorted.slice(0, n).map((c) => c.id) };
}

export interface ApplicationSummary {
  applicantId: string;
  levelId: string;
  state: Application['state'];
}
/** Refuses a new application when the member already has an open one for the level. */
export function openApplicationRefusal(existing: readonly ApplicationSummary[], applicantId: string, levelId: string): Refusal | null {
  const open = existing.find((a) => a.applicantId === applicantId && a.levelId === levelId && !closedStates.includes(a.state));
  return open ? refuse('open_application', `There is already an open application for this level (${open.state.replaceAll('_', ' ')})`) : null;
}
