import { describe, expect, it } from 'vitest';
import { act, loadShippedRuleSets } from './cpd.fixtures.js';
import { addDays } from './cpd.dates.js';
import { type LapseState, freshState, lapseStep } from './lapse.rules.js';

const body = loadShippedRuleSets().get('itsm-body')!;
const START = '2023-01-01';
const DAYS = [90, 30, 7];
// 12 hours of training in each of the cycle's first two years: 24 of the 60 needed.
const short = [act('training', '2023-03-01', 12), act('training', '2024-03-01', 12)];
const full = [...short, act('training', '2025-03-01', 12), act('training', '2025-04-01', 12), act('training', '2025-05-01', 12)];

/** Steps the state day by day from `from` to `to`, collecting what happened. */
function walk(s: LapseState, from: string, to: string, facts = short) {
  const events: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    if (d < s.nextCheckOn) continue;
    const step = lapseStep(body, START, s, facts, d, DAYS);
    if (!step) continue;
    if (step.mail) events.push(`${d} ${step.mail}${step.reminderPoint ? ` ${step.reminderPoint}` : ''}${step.credentialTo ? ` → ${step.credentialTo}` : ''}`);
    s = step.state;
  }
  return { s, events };
}

describe('CPD lapse steps', () => {
  it('starts in the cycle of today and checks first at the 90-day reminder point', () => {
    expect(freshState(body, START, '2024-06-01', DAYS)).toEqual({ cycleIndex: 0, cycleStart: '2023-01-01', cycleEnd: '2026-01-01', status: 'ok', since: '2024-06-01', shortfallQ: 0, nextCheckOn: '2025-10-03' });
  });
  it('reminds at 90, 30 and 7 days, then grace, suspension after 90 days and lapse a year later', () => {
    const { s, events } = walk(freshState(body, START, '2025-06-01', DAYS), '2025-06-01', '2027-06-01');
    expect(events).toEqual([
      '2025-10-03 reminder before-90d',
      '2025-12-02 reminder before-30d',
      '2025-12-25 reminder before-7d',
      '2026-01-01 grace',
      '2026-04-01 suspended → suspended',
      '2027-04-01 lapsed → lapsed',
    ]);
    expect(s).toMatchObject({ status: 'lapsed', cycleIndex: 0, shortfallQ: 36 * 4 });
  });
  it('sends no reminder to a member who has met the cycle, and moves on to the next cycle', () => {
    const { s, events } = walk(freshState(body, START, '2025-06-01', DAYS), '2025-06-01', '2026-02-01', full);
    expect(events).toEqual([]);
    expect(s).toMatchObject({ status: 'ok', cycleIndex: 1, cycleStart: '2026-01-01', nextCheckOn: '2028-10-03' });
  });
  it('sends only the latest reminder point when checks were missed', () => {
    const step = lapseStep(body, START, freshState(body, START, '2025-06-01', DAYS), short, '2025-12-28', DAYS)!;
    expect(step.reminderPoint).toBe('before-7d');
    expect(step.state.nextCheckOn).toBe('2026-01-01');
  });
  it('reinstates a suspended credential once activities after the cycle make up the shortfall', () => {
    const suspended = walk(freshState(body, START, '2025-06-01', DAYS), '2025-06-01', '2026-05-01').s;
    expect(suspended.status).toBe('suspended');
    const partly = [...short, act('training', '2026-04-20', 15)];
    expect(lapseStep(body, START, suspended, partly, '2026-05-02', DAYS)).toEqual({ state: { ...suspended, shortfallQ: 21 * 4 } });
    const madeUp = [...partly, act('training', '2026-04-21', 15), act('work-practice', '2026-04-22', 6)];
    const step = lapseStep(body, START, suspended, madeUp, '2026-05-02', DAYS)!;
    expect(step).toMatchObject({ credentialTo: 'active', mail: 'reinstated', state: { status: 'ok', cycleIndex: 1 } });
  });
  it('does nothing the second time on the same day', () => {
    const first = lapseStep(body, START, freshState(body, START, '2025-06-01', DAYS), short, '2025-10-03', DAYS)!;
    expect(lapseStep(body, START, first.state, short, '2025-10-03', DAYS)).toBeNull();
  });
});
