import type { ConsentScope, Count, CpdStanding, TeamFigures, TeamMember, TeamViewQuery } from '../../../../contracts/organisations-consent.js';

/*
 * The team view as pure functions over a snapshot of the organisation's consenting members: which row
 * each member gets (only the fields of the scopes they granted), the filters and the figures. No database.
 */

export type CredentialRow = { levelId: string; levelName: string; status: 'active' | 'suspended' | 'lapsed' | 'revoked'; reviewAt: string; awardedAt: string };
export type CpdStateRow = { status: 'ok' | 'short' | 'grace' | 'suspended' | 'lapsed'; cycleEnd: string; nextCheckOn: string; quarters: number };
export type PortfolioRow = { kind: 'certification'; title: string } | { kind: 'work'; responsibilityLevel: number | null };

/** What the snapshot knows of one member, already limited to the scopes they granted. */
export type MemberFacts = {
  memberId: string;
  name: string;
  scopes: ConsentScope[];
  credentials: CredentialRow[] | null;
  cpd: CpdStateRow[] | null;
  portfolio: PortfolioRow[] | null;
};

const standingOfState: Record<CpdStateRow['status'], CpdStanding> = { ok: 'on_track', short: 'at_risk', grace: 'at_risk', suspended: 'suspended', lapsed: 'lapsed' };
const standingRank: Record<CpdStanding, number> = { on_track: 0, at_risk: 1, suspended: 2, lapsed: 3 };
export const standingLabels: Record<CpdStanding, string> = { on_track: 'On track', at_risk: 'At risk', suspended: 'Suspended', lapsed: 'Lapsed' };

/** The member's worst standing across their credentials' CPD cycles, and the hours of that cycle. */
function standingOf(states: CpdStateRow[]): { standing: CpdStanding; hours: number } | null {
  let worst: CpdStateRow | null = null;
  for (const s of states) if (!worst || standingRank[standingOfState[s.status]] > standingRank[standingOfState[worst.status]]) worst = s;
  return worst ? { standing: standingOfState[worst.status], hours: worst.quarters / 4 } : null;
}

/** The row of the table: the latest credential not revoked (else the latest), the earliest review in force. */
export function rowOf(m: MemberFacts): TeamMember {
  const creds = m.credentials ?? [];
  const byAward = [...creds].sort((a, b) => (a.awardedAt < b.awardedAt ? 1 : -1));
  const shown = byAward.find((c) => c.status !== 'revoked') ?? byAward[0] ?? null;
  const inForce = creds.filter((c) => c.status === 'active' || c.status === 'suspended').map((c) => c.reviewAt).sort();
  const cpd = m.cpd ? standingOf(m.cpd) : null;
  const work = (m.portfolio ?? []).flatMap((p) => (p.kind === 'work' && p.responsibilityLevel !== null ? [p.responsibilityLevel] : []));
  return {
    memberId: m.memberId,
    name: m.name,
    scopes: m.scopes,
    levelId: shown?.levelId ?? null,
    levelName: shown?.levelName ?? null,
    status: shown?.status ?? null,
    reviewDue: inForce[0] ?? null,
    standing: cpd?.standing ?? null,
    hoursThisCycle: cpd?.hours ?? null,
    responsibilityLevel: m.portfolio ? (work.length ? Math.max(...work) : null) : null,
    certifications: m.portfolio ? [...new Set(m.portfolio.flatMap((p) => (p.kind === 'certification' ? [p.title] : [])))].sort() : null,
  };
}

/** Folds accents and case so a name search finds "Müller" from "muller". */
export const foldName = (s: string): string => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** The rows matching the query's filters (name, level, status, standing, review due within N days). */
export function filterRows(rows: readonly (TeamMember & { folded: string })[], q: TeamViewQuery, now: Date): (TeamMember & { folded: string })[] {
  const words = q.q ? foldName(q.q).split(/\s+/).filter(Boolean) : [];
  if (!words.length && !q.level && !q.status && !q.standing && q.reviewWithinDays === undefined) return rows as (TeamMember & { folded: string })[];
  const until = q.reviewWithinDays === undefined ? null : new Date(now.getTime() + q.reviewWithinDays * 86_400_000).toISOString();
  return rows.filter(
    (r) =>
      words.every((w) => r.folded.includes(w)) &&
      (!q.level || r.levelId === q.level) &&
      (!q.status || r.status === q.status) &&
      (!q.standing || r.standing === q.standing) &&
      (until === null || (r.reviewDue !== null && r.reviewDue <= until)),
  );
}

type Counts = Map<string, { label: string; count: number }>;

/**
 * The charts' running counts: each member adds their share (sign +1) and takes it away again (-1) when
 * their grants change, so a change of consent updates the figures without reading the whole team.
 */
export type Tally = {
  members: number;
  levels: Counts;
  standing: Counts;
  responsibility: Counts;
  certifications: Counts;
  windows: Array<{ key: string; label: string; from: string; to: string; reviewDue: number; atRisk: number }>;
};

export function newTally(now: Date): Tally {
  const windows = [0, 1, 2].map((i) => ({
    key: `${i * 30 + 1}-${(i + 1) * 30}`,
    label: `In ${i * 30 + 1}–${(i + 1) * 30} days`,
    from: new Date(now.getTime() + i * 30 * 86_400_000).toISOString(),
    to: new Date(now.getTime() + (i + 1) * 30 * 86_400_000).toISOString(),
    reviewDue: 0,
    atRisk: 0,
  }));
  return { members: 0, levels: new Map(), standing: new Map(), responsibility: new Map(), certifications: new Map(), windows };
}

function bump(m: Counts, key: string, label: string, sign: 1 | -1) {
  const e = m.get(key);
  if (e) e.count += sign;
  else m.set(key, { label, count: sign });
  if ((m.get(key)?.count ?? 0) <= 0) m.delete(key);
}

/**
 * Adds (or with sign -1 takes away) one member's share of each figure, each only from the scopes the
 * member granted: levels held (every credential not revoked), CPD standing, what falls due in each 30
 * days of the next 90 (reviews; cycles ending short or grace running out), responsibility level and
 * certifications.
 */
export function tallyMember(t: Tally, m: MemberFacts, row: TeamMember, sign: 1 | -1): void {
  const inWindow = (at: string) => t.windows.find((w) => at >= w.from.slice(0, at.length) && at < w.to.slice(0, at.length));
  t.members += sign;
  for (const c of m.credentials ?? []) {
    if (c.status === 'revoked') continue;
    bump(t.levels, c.levelId, c.levelName, sign);
    const w = inWindow(c.reviewAt);
    if (w) w.reviewDue += sign;
  }
  if (row.standing) bump(t.standing, row.standing, standingLabels[row.standing], sign);
  for (const s of m.cpd ?? []) {
    const w = s.status === 'short' ? inWindow(s.cycleEnd) : s.status === 'grace' ? inWindow(s.nextCheckOn) : undefined;
    if (w) w.atRisk += sign;
  }
  if (m.portfolio) {
    const r = row.responsibilityLevel;
    bump(t.responsibility, r === null ? 'none' : String(r), r === null ? 'None claimed' : `Level ${r}`, sign);
    for (const c of row.certifications ?? []) bump(t.certifications, c.toLowerCase(), c, sign);
  }
}

const counted = (m: Counts): Count[] => [...m].map(([key, v]) => ({ key, label: v.label, count: v.count }));

/** The figures as the answer carries them. */
export function figuresOf(t: Tally): TeamFigures {
  const byKey = (a: Count, b: Count) => (a.key < b.key ? -1 : 1);
  return {
    members: t.members,
    levels: counted(t.levels).sort((a, b) => b.count - a.count || byKey(a, b)),
    standing: Object.keys(standingLabels).flatMap((k) => counted(t.standing).filter((c) => c.key === k)),
    upcoming: t.windows.map(({ key, label, reviewDue, atRisk }) => ({ key, label, reviewDue, atRisk })),
    responsibility: counted(t.responsibility).sort(byKey),
    certifications: counted(t.certifications)
      .sort((a, b) => b.count - a.count || byKey(a, b))
      .slice(0, 10),
  };
}

const csvHeader = ['Name', 'Level', 'Status', 'Review due', 'CPD standing', 'CPD hours this cycle', 'Highest responsibility level', 'Certifications', 'Shares'];

/** The rows as CSV cells (the caller writes them with the shared CSV writer). */
export function csvRows(rows: readonly TeamMember[]): Array<Array<string | number | null>> {
  return [
    csvHeader,
    ...rows.map((r) => [
      r.name,
      r.levelName,
      r.status,
      r.reviewDue?.slice(0, 10) ?? null,
      r.standing ? standingLabels[r.standing] : null,
      r.hoursThisCycle,
      r.responsibilityLevel,
      r.certifications?.join('; ') ?? null,
      r.scopes.join(' '),
    ]),
  ];
}
