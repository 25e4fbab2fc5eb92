// An event's wall clock (server/modules/events/time.ts): zone conversion both ways, the clocks'
// changes named, and a seeded round trip over zones with and without summer time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { daysOf, isTimeZone, localToUtc, quartersOf, utcToLocal } from '../../server/modules/events/time.js';

describe('event time', () => {
  it('knows IANA zones and refuses made-up ones', () => {
    expect(isTimeZone('Europe/London')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Asia/Kolkata')).toBe(true);
    expect(isTimeZone('Europe/Leeds')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });

  it('converts wall clocks to UTC across summer time', () => {
    expect(localToUtc('2027-01-15', '09:00', 'Europe/London')).toEqual({ ok: true, utc: '2027-01-15T09:00:00.000Z' });
    expect(localToUtc('2027-07-15', '09:00', 'Europe/London')).toEqual({ ok: true, utc: '2027-07-15T08:00:00.000Z' });
    expect(localToUtc('2027-07-15', '09:00', 'America/New_York')).toEqual({ ok: true, utc: '2027-07-15T13:00:00.000Z' });
    expect(localToUtc('2027-07-15', '09:00', 'Asia/Kolkata')).toEqual({ ok: true, utc: '2027-07-15T03:30:00.000Z' });
    expect(localToUtc('2027-07-15', '09:00', 'Australia/Sydney')).toEqual({ ok: true, utc: '2027-07-14T23:00:00.000Z' });
  });

  it('names a time the clocks skip, and takes the first of a time that happens twice', () => {
    const skipped = localToUtc('2027-03-28', '01:30', 'Europe/London');
    expect(skipped).toEqual({ ok: false, problem: '2027-03-28 01:30 does not exist in Europe/London (the clocks go forward then): choose another time' });
    // 31 October 2027, 01:30 happens at 00:30 UTC (summer time) and again at 01:30 UTC.
    expect(localToUtc('2027-10-31', '01:30', 'Europe/London')).toEqual({ ok: true, utc: '2027-10-31T00:30:00.000Z' });
  });

  it('names bad dates and times', () => {
    expect(localToUtc('2027-02-29', '09:00', 'UTC')).toMatchObject({ ok: false, problem: expect.stringMatching(/2027-02-29 is not a date/) });
    expect(localToUtc('2027-02-28', '24:00', 'UTC')).toMatchObject({ ok: false, problem: expect.stringMatching(/24:00 is not a time of day/) });
  });

  it('round-trips every existing wall clock (seeded)', () => {
    const zones = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC'];
    fc.assert(
      fc.property(fc.constantFrom(...zones), fc.integer({ min: 0, max: 3 * 365 }), fc.integer({ min: 0, max: 24 * 60 - 1 }), (zone, d, m) => {
        const date = new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString().slice(0, 10);
        const time = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        const r = localToUtc(date, time, zone);
        if (!r.ok) {
          // Only a skipped time may be refused, and then the minute after the gap exists.
          expect(r.problem).toMatch(/does not exist/);
          return;
        }
        expect(utcToLocal(r.utc, zone)).toEqual({ date, time });
      }),
      { seed: 20261207, numRuns: 2000 },
    );
  });

  it('lists days and counts quarter hours', () => {
    expect(daysOf('2027-02-27', '2027-03-01')).toEqual(['2027-02-27', '2027-02-28', '2027-03-01']);
    expect(quartersOf('2027-01-01T09:00:00.000Z', '2027-01-01T10:40:00.000Z')).toBe(7);
  });
});
