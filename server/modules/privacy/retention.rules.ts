import type { RetentionItem } from '../../../contracts/privacy.js';

/*
 * Which CPD evidence has outlived its cycle. Evidence counts for the cycle its activities fall in; a cycle
 * ends the day before the member's oldest open cycle starts. It is kept for `months` after that end, then
 * purged, unless an open application or an open CPD audit still needs it, or it is part of the portfolio.
 */

export type EvidenceFacts = {
  evidenceId: string;
  memberId: string;
  title: string;
  kind: 'file' | 'link';
  /** The latest date of the CPD activities it is attached to. */
  lastActivityOn: string;
  /** The start of the member's oldest open CPD cycle (YYYY-MM-DD), or null with no CPD standing. */
  openCycleStart: string | null;
  inPortfolio: boolean;
  openApplication: boolean;
  openAudit: boolean;
};

const DAY_MS = 86_400_000;

export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  // The same day of the month, or the month's last day when it has fewer days.
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** What happens to one piece of evidence on `today`; null while its cycle is open or its time not yet up. */
export function judge(f: EvidenceFacts, today: string, months: number): RetentionItem | null {
  if (!f.openCycleStart || f.lastActivityOn >= f.openCycleStart) return null;
  const cycleEndedOn = new Date(Date.parse(`${f.openCycleStart}T00:00:00Z`) - DAY_MS).toISOString().slice(0, 10);
  const purgeFrom = addMonths(cycleEndedOn, months);
  if (today < purgeFrom) return null;
  const base = { evidenceId: f.evidenceId, memberId: f.memberId, title: f.title, kind: f.kind, cycleEndedOn, purgeFrom };
  if (f.openApplication) return { ...base, decision: 'keep', why: 'An open application includes it.' };
  if (f.openAudit) return { ...base, decision: 'keep', why: 'An open CPD audit needs it.' };
  if (f.inPortfolio) return { ...base, decision: 'keep', why: 'It is also evidence for a portfolio item.' };
  return { ...base, decision: 'purge', why: `Its cycle ended on ${cycleEndedOn}; kept ${months} months after.` };
}
