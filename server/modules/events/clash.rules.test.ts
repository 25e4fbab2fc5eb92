import { describe, expect, it } from 'vitest';
import { type Slot, clashesOf, speakerKey } from './clash.rules.js';

const slot = (id: string, roomId: string | null, from: string, to: string, speakers: string[] = []): Slot => ({
  id,
  title: `Session ${id}`,
  roomId,
  startsAt: `2027-03-10T${from}:00.000Z`,
  endsAt: `2027-03-10T${to}:00.000Z`,
  speakers,
});

describe('session clashes', () => {
  const programme = [slot('a', 'r1', '09:00', '10:00', ['user:u1']), slot('b', 'r2', '09:30', '10:30', ['email:guest@example.org'])];

  it('finds a room taken at an overlapping time', () => {
    expect(clashesOf(slot('c', 'r1', '09:45', '10:15'), programme)).toEqual([{ kind: 'room', sessionId: 'a', title: 'Session a' }]);
  });

  it('finds a speaker in two places at once, guests by address in any case', () => {
    const c = slot('c', 'r3', '10:00', '11:00', [speakerKey({ email: ' Guest@Example.org ' })]);
    expect(clashesOf(c, programme)).toEqual([{ kind: 'speaker', sessionId: 'b', title: 'Session b', speaker: 'email:guest@example.org' }]);
  });

  it('lets sessions meet end to start, and a session be moved over its own old slot', () => {
    expect(clashesOf(slot('c', 'r1', '10:00', '11:00', ['user:u1']), programme)).toEqual([]);
    expect(clashesOf(slot('a', 'r1', '09:15', '10:15', ['user:u1']), programme)).toEqual([]);
  });

  it('never counts online sessions (no room) as a room clash', () => {
    expect(clashesOf(slot('c', null, '09:00', '10:00'), [slot('d', null, '09:00', '10:00')])).toEqual([]);
  });
});
