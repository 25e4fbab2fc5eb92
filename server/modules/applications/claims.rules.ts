import type { PortfolioItem, WorkItem } from '../../../contracts/portfolio.js';
import type { Employment } from './applications.types.js';

/*
 * What referees are asked to confirm, from the work items frozen with an application: one claim per role that
 * names the referee, grouped by the referee's e-mail address (one request, and one link, per person).
 */

export interface Claim {
  claimId: string;
  itemId: string;
  summary: string;
}
export interface RefereeClaims {
  name: string;
  email: string;
  relationship: string;
  claims: Claim[];
}

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** "March 2019" for 2019-03-14. */
export function monthYear(isoDate: string): string {
  const [y, m] = isoDate.split('-');
  return `${months[Number(m) - 1] ?? m} ${y}`;
}

/** "Service desk lead at Acme Ltd, March 2019 to now, responsibility level 4, ITSM work". */
export function claimSummary(w: WorkItem): string {
  const period = `${monthYear(w.startOn)} to ${w.endOn === null ? 'now' : monthYear(w.endOn)}`;
  return `${w.roleTitle} at ${w.employer}, ${period}, responsibility level ${w.responsibilityLevel}${w.itsm ? ', ITSM work' : ''}`;
}

const isWork = (i: PortfolioItem): i is WorkItem => i.kind === 'work';

/** One entry per distinct referee e-mail (case-insensitive), in the order the items come; name from the first. */
export function refereeClaims(items: readonly PortfolioItem[]): RefereeClaims[] {
  const byEmail = new Map<string, RefereeClaims>();
  for (const w of items.filter(isWork)) {
    if (!w.referee) continue;
    const key = w.referee.email.trim().toLowerCase();
    const entry = byEmail.get(key) ?? { name: w.referee.name, email: key, relationship: w.referee.relationship, claims: [] };
    entry.claims.push({ claimId: `${w.id}.role`, itemId: w.id, summary: claimSummary(w) });
    byEmail.set(key, entry);
  }
  return [...byEmail.values()];
}

/** The applicant's employers (for assessors' conflicts of interest), from the frozen work items. */
export function employmentsFrom(items: readonly PortfolioItem[]): Employment[] {
  return items.filter(isWork).map((w) => ({ employer: w.employer, endedOn: w.endOn }));
}

export interface AnswerIn {
  claimId: string;
}
/**
 * Problems with a referee's answers: each claim answered exactly once, and nothing else. Paths name the answer
 * (body.answers[2].claimId) or, for a claim left out, body.answers.
 */
export function answerProblems(claims: readonly Claim[], answers: readonly AnswerIn[]): Array<{ path: string; message: string }> {
  const known = new Set(claims.map((c) => c.claimId));
  const seen = new Set<string>();
  const problems: Array<{ path: string; message: string }> = [];
  answers.forEach((a, i) => {
    if (!known.has(a.claimId)) problems.push({ path: `body.answers[${i}].claimId`, message: 'This claim is not part of the request' });
    else if (seen.has(a.claimId)) problems.push({ path: `body.answers[${i}].claimId`, message: 'This claim is answered twice; answer each claim once' });
    seen.add(a.claimId);
  });
  for (const c of claims)
    if (!seen.has(c.claimId)) problems.push({ path: 'body.answers', message: `Answer the claim "${c.summary}"` });
  return problems;
}
