import type { CpdRuleSet } from '../../../contracts/cpd-rules.js';
import { addDays, addYears } from './cpd.dates.js';
import { type CpdFact, cycleAt, evaluateCpd } from './cpd.rules.js';

/*
 * The CPD standing of one credential, one step at a time, pure. A cycle that ends short of its minimum
 * gets the rule set's grace; short at the end of grace, the credential is suspended; a year later, lapsed.
 * Activities dated after the cycle ended make up its shortfall (counted as if on its last day, under its
 * caps); once made up, the credential is reinstated and the state moves to the cycle of today. Every
 * transition names the cycle it belongs to, so a second run on the same day finds nothing to do.
 * Reminders go out at points before a cycle ends while the cycle is not yet met, the latest point only
 * (a job that was down for a week does not send three at once).
 */

export type LapseStatus = 'ok' | 'short' | 'grace' | 'suspended' | 'lapsed';
export type LapseState = { cycleIndex: number; cycleStart: string; cycleEnd: string; status: LapseStatus; since: string; shortfallQ: number; nextCheckOn: string };
export type LapseMail = 'reminder' | 'grace' | 'suspended' | 'lapsed' | 'reinstated';
export type LapseStep = { state: LapseState; credentialTo?: 'active' | 'suspended' | 'lapsed'; mail?: LapseMail; reminderPoint?: string };

export const DEFAULT_REMINDER_DAYS = [90, 30, 7] as const;
export const NEVER = '9999-12-31';

/** The state of a credential entering the cycle that contains `today`. */
export function freshState(r: CpdRuleSet, firstStart: string, today: string, reminderDays: readonly number[]): LapseState {
  const c = cycleAt(r.cycleYears, firstStart, today);
  return { cycleIndex: c.index, cycleStart: c.start, cycleEnd: c.end, status: 'ok', since: today, shortfallQ: 0, nextCheckOn: nextPoint(c.end, today, reminderDays) };
}

/** The first reminder date after `today` in a cycle ending (exclusive) on `end`, else the end itself. */
function nextPoint(end: string, today: string, days: readonly number[]): string {
  const dates = days.map((d) => addDays(end, -d)).filter((d) => d > today).sort();
  return dates[0] ?? end;
}

/** Quarters the cycle [start, end) is short of its minimum, as of its last day or `today` with make-up. */
export function cycleShortfall(r: CpdRuleSet, firstStart: string, state: Pick<LapseState, 'cycleStart' | 'cycleEnd'>, facts: readonly CpdFact[], today: string): number {
  const last = addDays(state.cycleEnd, -1);
  const asOf = today < last ? today : last;
  const counted = today > last ? facts.map((f) => (f.occurredOn > last && f.occurredOn <= today ? { ...f, occurredOn: last } : f)) : facts;
  const e = evaluateCpd(r, firstStart, counted, new Date(`${asOf}T12:00:00Z`), { explain: false });
  // The engine evaluates the cycle containing asOf, which is this state's cycle.
  return Math.round(e.cycle.shortfall * 4);
}

/**
 * One step for a credential on `today`, given its member's activities. Returns null when nothing changes.
 * `changed` says the member's activities changed since the state was last written (a chance to reinstate).
 */
export function lapseStep(r: CpdRuleSet, firstStart: string, s: LapseState, facts: readonly CpdFact[], today: string, reminderDays: readonly number[]): LapseStep | null {
  const due = today >= s.nextCheckOn;
  if (s.status === 'ok' || s.status === 'short') {
    if (!due) return null;
    if (today < s.cycleEnd) {
      const passed = reminderDays.filter((d) => today >= addDays(s.cycleEnd, -d));
      const nextCheckOn = nextPoint(s.cycleEnd, today, reminderDays);
      if (passed.length === 0) return { state: { ...s, nextCheckOn } };
      const short = cycleShortfall(r, firstStart, s, facts, today);
      const point = `before-${Math.min(...passed)}d`;
      const status: LapseStatus = short > 0 ? 'short' : 'ok';
      return { state: { ...s, status, since: status === s.status ? s.since : today, shortfallQ: short, nextCheckOn }, ...(short > 0 ? { mail: 'reminder' as const, reminderPoint: point } : {}) };
    }
    const short = cycleShortfall(r, firstStart, s, facts, addDays(s.cycleEnd, -1));
    if (short === 0) return { state: freshState(r, firstStart, today, reminderDays) };
    return { state: { ...s, status: 'grace', since: s.cycleEnd, shortfallQ: short, nextCheckOn: addDays(s.cycleEnd, r.graceDays) }, mail: 'grace' };
  }
  const short = cycleShortfall(r, firstStart, s, facts, today);
  if (short === 0) {
    return { state: freshState(r, firstStart, today, reminderDays), mail: 'reinstated', ...(s.status === 'grace' ? {} : { credentialTo: 'active' as const }) };
  }
  if (s.status === 'grace' && due) {
    const lapseOn = addYears(s.nextCheckOn, 1);
    return { state: { ...s, status: 'suspended', since: s.nextCheckOn, shortfallQ: short, nextCheckOn: lapseOn }, credentialTo: 'suspended', mail: 'suspended' };
  }
  if (s.status === 'suspended' && due) return { state: { ...s, status: 'lapsed', since: s.nextCheckOn, shortfallQ: short, nextCheckOn: NEVER }, credentialTo: 'lapsed', mail: 'lapsed' };
  // Activities changed but the shortfall is not made up yet: record the new figure.
  return short === s.shortfallQ ? null : { state: { ...s, shortfallQ: short } };
}
