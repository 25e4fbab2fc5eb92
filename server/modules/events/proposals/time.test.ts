import { describe, expect, it } from 'vitest';
import { isRealLocalTime, localToUtc, slotLabel } from './time.js';

describe('local times in an event’s zone', () => {
  it('converts wall-clock times to UTC on both sides of a clock change', () => {
    expect(localToUtc('2027-03-10T09:30', 'Europe/London')).toBe('2027-03-10T09:30:00.000Z');
    expect(localToUtc('2027-06-10T09:30', 'Europe/London')).toBe('2027-06-10T08:30:00.000Z');
    expect(localToUtc('2027-06-10T09:30', 'America/New_York')).toBe('2027-06-10T13:30:00.000Z');
    expect(localToUtc('2027-01-10T09:30', 'Asia/Kolkata')).toBe('2027-01-10T04:00:00.000Z');
  });
  it('refuses times that are not on the calendar', () => {
    expect(isRealLocalTime('2027-02-30T10:00')).toBe(false);
    expect(isRealLocalTime('2027-02-28T24:00')).toBe(false);
    expect(isRealLocalTime('2027-02-28T23:59')).toBe(true);
  });
  it('labels a slot in the zone', () => {
    expect(slotLabel('2027-06-10T08:30:00.000Z', '2027-06-10T09:30:00.000Z', 'Europe/London')).toBe('Thursday, 10 June 2027, 09:30–10:30 (Europe/London)');
  });
});
