import { describe, expect, it } from 'vitest';
import { dayName, localDay, localTime, slotLabel } from './time.js';

// Conversions both ways and the clocks' changes are in tests/events/core-time.test.ts; these are the words people read.
describe('an event’s wall clock in words', () => {
  it('names the day and time of an instant in the zone, across midnight', () => {
    expect(localDay('2027-06-10T23:30:00.000Z', 'Europe/London')).toBe('2027-06-11');
    expect(localTime('2027-06-10T23:30:00.000Z', 'Europe/London')).toBe('00:30');
    expect(localDay('2027-06-10T23:30:00.000Z', 'America/New_York')).toBe('2027-06-10');
  });
  it('labels a slot and a day', () => {
    expect(slotLabel('2027-06-10T08:30:00.000Z', '2027-06-10T09:30:00.000Z', 'Europe/London')).toBe('Thursday, 10 June 2027, 09:30–10:30 (Europe/London)');
    expect(dayName('2027-03-10')).toBe('Wednesday 10 March');
  });
});
