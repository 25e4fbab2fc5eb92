import { describe, expect, it } from 'vitest';
import { Portfolio, PortfolioItem } from '../../../contracts/portfolio.js';
import { cert, degree, job, loadDefaultScheme, period, talk } from './eligibility.fixtures.js';
import { checkPortfolioItem } from './portfolio.rules.js';

const NOW = new Date('2026-07-01T09:00:00Z');
const scheme = loadDefaultScheme();
const issues = (value: unknown) => {
  const r = PortfolioItem.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message]);
};

describe('portfolio item shapes', () => {
  it('accepts every builder item', () => {
    const items = [degree('e1', 'doctorate'), cert('c1', null), job('w1', '2020-01-01', null, 4), talk('t1'), period('m1', 'mentoring', '2021-01-01', '2022-01-01')];
    expect(Portfolio.safeParse({ items }).success).toBe(true);
  });

  it.each([
    ['a job ending before it starts', job('w1', '2020-05-01', '2020-04-30', 3), [['endOn', 'The end date is before the start date']]],
    ['a committee role ending before it starts', period('k1', 'committee', '2020-05-01', '2019-01-01'), [['endOn', 'The end date is before the start date']]],
    ['a date that is not in the calendar', talk('t1', '2023-02-30'), [['date', 'This is not a calendar date']]],
    ['a badly written date', { ...talk('t1'), date: '01/02/2023' }, [['date', 'Give a date as YYYY-MM-DD']]],
    ['a responsibility level of 8', { ...job('w1', '2020-01-01', null, 3), responsibilityLevel: 8 }, [['responsibilityLevel', 'Responsibility levels run from 1 to 7']]],
    ['a completed degree without an award date', { ...degree('e1', 'doctorate'), awardedOn: undefined }, [['awardedOn', 'Give the date a completed qualification was awarded']]],
    ['an unknown field', { ...talk('t1'), venue: 'x' }, [['', 'Remove the field "venue": it is not accepted here']]],
    ['an unknown contribution type', { ...talk('t1'), type: 'podcast' }, [['type', 'Use a contribution type of talk, article, paper, book-chapter, book, committee, mentoring, volunteering']]],
  ])('refuses %s', (_what, value, expected) => {
    expect(issues(value)).toEqual(expected);
  });
});

describe('checkPortfolioItem', () => {
  it('refuses future dates', () => {
    expect(checkPortfolioItem(talk('t1', '2026-07-02'), scheme, NOW).errors).toEqual([{ field: 'date', message: 'This date is in the future (today is 2026-07-01)' }]);
    expect(checkPortfolioItem(job('w1', '2020-01-01', '2027-01-01', 3), scheme, NOW).errors.map((e) => e.field)).toEqual(['endOn']);
    expect(checkPortfolioItem(job('w1', '2020-01-01', null, 3), scheme, NOW).errors).toEqual([]);
  });

  it('refuses a certificate not in the catalogue, and the wrong kind of entry', () => {
    expect(checkPortfolioItem(cert('c1', 'itil5-wizard'), scheme, NOW).errors[0]!.message).toMatch(/^"itil5-wizard" is not in the catalogue/);
    expect(checkPortfolioItem(cert('c1', 'doctorate'), scheme, NOW).errors[0]!.message).toBe('"Doctorate" is a qualification; add it as a qualification instead');
    expect(checkPortfolioItem(cert('c1', 'itil-v3-expert'), scheme, NOW)).toEqual({
      errors: [],
      notices: [{ field: 'catalogueId', message: '"ITIL Expert" is retired; it still counts, but is no longer awarded' }],
    });
  });

  it('refuses unknown skills; notes overlapping jobs without refusing them', () => {
    const w = { ...job('w1', '2020-01-01', '2022-12-31', 3), skills: ['incident-management', 'juggling'] };
    const other = job('w2', '2022-06-01', null, 4);
    const r = checkPortfolioItem(w, scheme, NOW, [w, other]);
    expect(r.errors).toEqual([{ field: 'skills[1]', message: '"juggling" is not a skill in the framework; pick one from the list' }]);
    expect(r.notices).toEqual([{ field: 'startOn', message: 'Overlaps with "Service manager" at Employer w2; the overlapping time counts as experience once' }]);
  });
});
