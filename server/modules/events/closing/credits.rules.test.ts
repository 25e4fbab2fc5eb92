import { describe, expect, it } from 'vitest';
import { type ClosingCheckin, type ClosingList, type ClosingSession, PREPARATION_PER_HOUR, dayIn, planCredits, quartersOf, speakingQuarters } from './credits.rules.js';

const event = { id: 'e1', title: 'Summit', time_zone: 'Europe/London' };
const session = (id: string, startsAt: string, quarters: number, status = 'scheduled'): ClosingSession => ({ id, title: id, starts_at: startsAt, ends_at: startsAt, cpd_type: 'event', cpd_quarters: quarters, status, closed_at: null });
const sessions = [session('s1', '2027-03-10T09:00:00Z', 4), session('s2', '2027-03-10T11:00:00Z', 6), session('s3', '2027-03-11T09:00:00Z', 4), session('gone', '2027-03-11T11:00:00Z', 4, 'cancelled')];
const registrations = [
  { id: 'r1', user_id: 'u1' },
  { id: 'r2', user_id: 'u2' },
];
const doorLists: ClosingList[] = [
  { id: 'd1', kind: 'door', day: '2027-03-10', session_id: null },
  { id: 'd2', kind: 'door', day: '2027-03-11', session_id: null },
];
const sessionLists: ClosingList[] = sessions.map((s) => ({ id: `l-${s.id}`, kind: 'session', day: null, session_id: s.id }));
const plan = (lists: ClosingList[], checkins: ClosingCheckin[], speakers: Array<{ session_id: string; user_id: string }> = [], only: string | null = null) =>
  planCredits({ event, sessions, lists, checkins, registrations, speakers, provider: 'The body' }, only);

describe('what closing credits', () => {
  it('credits each session a person was checked into, once per session, and not a cancelled one', () => {
    const p = plan([...doorLists, ...sessionLists], [
      { list_id: 'd1', registration_id: 'r1' },
      { list_id: 'l-s1', registration_id: 'r1' },
      { list_id: 'l-s2', registration_id: 'r1' },
      { list_id: 'l-gone', registration_id: 'r1' },
    ]);
    expect(p.credits.map((c) => [c.key, c.quarters, c.occurredOn])).toEqual([
      ['event:e1:session:s1:u1', 4, '2027-03-10'],
      ['event:e1:session:s2:u1', 6, '2027-03-10'],
    ]);
    expect(p.people.get('u1')?.items).toEqual(['door:2027-03-10', 's1', 's2']);
  });

  it('credits nothing for the door alone when the event keeps session lists, but still counts the person as an attendee', () => {
    const p = plan([...doorLists, ...sessionLists], [{ list_id: 'd2', registration_id: 'r2' }]);
    expect(p.credits).toEqual([]);
    expect(p.people.get('u2')?.items).toEqual(['door:2027-03-11']);
  });

  it('without session lists, credits a door day with the hours of that day’s scheduled sessions', () => {
    const p = plan(doorLists, [
      { list_id: 'd1', registration_id: 'r2' },
      { list_id: 'd2', registration_id: 'r2' },
    ]);
    expect(p.credits.map((c) => c.quarters)).toEqual([10, 4]);
  });

  it('credits speaking with preparation, and only the session closed when one is', () => {
    const p = plan(sessionLists, [{ list_id: 'l-s3', registration_id: 'r1' }], [{ session_id: 's2', user_id: 'u2' }], 's2');
    expect(p.credits).toEqual([expect.objectContaining({ memberId: 'u2', type: 'speaking', quarters: 6 * (1 + PREPARATION_PER_HOUR), key: 'event:e1:speaking:s2:u2' })]);
    expect(p.people.has('u1')).toBe(false);
  });

  it('adds up a person’s hours from their items', () => {
    const byId = new Map(sessions.map((s) => [s.id, s]));
    expect(quartersOf(['s1', 'speaking:s2', 'door:2027-03-10'], byId, new Map([['2027-03-10', 10]]), false)).toEqual({ attended: 4, speaking: speakingQuarters(6) });
    expect(quartersOf(['door:2027-03-10'], byId, new Map([['2027-03-10', 10]]), true)).toEqual({ attended: 10, speaking: 0 });
  });

  it('dates a session by the event’s time zone', () => {
    expect(dayIn('Europe/London', '2027-06-30T23:30:00Z')).toBe('2027-07-01');
    expect(dayIn('America/New_York', '2027-06-30T23:30:00Z')).toBe('2027-06-30');
  });
});
