import { describe, expect, it } from 'vitest';
import { EARLIEST_ACTIVITY_DAY, activityDateProblem } from './cpd.dates.js';

const TODAY = '2026-11-25';

describe('activityDateProblem: the one rule for an activity date', () => {
  it.each([
    ['1950-01-01', null],
    ['2000-02-29', null],
    [TODAY, null],
    ['1949-12-31', 'too early'],
    ['0000-01-01', 'too early'],
    ['2026-11-26', 'in the future'],
    ['9999-12-31', 'in the future'],
    ['2026-02-29', 'YYYY-MM-DD'],
    ['2026-13-01', 'YYYY-MM-DD'],
    ['0000-00-00', 'YYYY-MM-DD'],
    ['26-01-01', 'YYYY-MM-DD'],
    ['2026-01-01T00:00', 'YYYY-MM-DD'],
    ['', 'YYYY-MM-DD'],
  ])('%s → %s', (day, expected) => {
    const problem = activityDateProblem(day, TODAY);
    if (expected === null) expect(problem).toBeNull();
    else {
      expect(problem).toContain(expected);
      // Every refusal names the allowed range.
      expect(problem).toContain(`from ${EARLIEST_ACTIVITY_DAY} to today (${TODAY})`);
    }
  });
});
