import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { newCheckInKey, signCheckInCode } from '../../server/modules/events/codes.js';
import type { CheckInKit } from '../../contracts/events-checkin.js';
import { judgeOffline } from '../../web/src/features/events/checkin/offline.js';
import { backOff, due, enqueue, makeDue, queued, settle } from '../../web/src/features/events/checkin/queue.js';

/*
 * The check-in page's offline side, run here on the same code the browser runs: a scan judged without the
 * server (the code's signature against the event's public key, the roster's status and days), and the
 * queue that keeps each scan with its nonce until the server answers.
 */

const secret = 'offline-test-secret-0123456789abcdef';

function eventWithKey() {
  const id = randomUUID();
  const key = newCheckInKey(secret, id);
  return { id, publicKey: key.publicKey, row: { id, checkin_private_key: key.sealedPrivateKey } };
}

const ev = eventWithKey();
const other = eventWithKey();
const people = { member: randomUUID(), dayOne: randomUUID(), cancelled: randomUUID() };
const kit: CheckInKit = {
  eventId: ev.id,
  title: 'Summit',
  timeZone: 'Europe/London',
  publicKey: ev.publicKey,
  revision: '1',
  organiser: false,
  lists: [
    { id: 'door-1', kind: 'door', name: 'Door, day one', day: '2027-03-10', sessionId: null, startsAt: null, endsAt: null },
    { id: 'door-2', kind: 'door', name: 'Door, day two', day: '2027-03-11', sessionId: null, startsAt: null, endsAt: null },
  ],
  roster: [
    { registrationId: people.member, reference: 'K7QD-3WXA', name: 'Aisha Bello', ticket: 'Member', days: ['2027-03-10', '2027-03-11'], status: 'confirmed' },
    { registrationId: people.dayOne, reference: 'M4RT-9PQZ', name: 'Ben Okafor', ticket: 'Day ticket', days: ['2027-03-10'], status: 'confirmed' },
    { registrationId: people.cancelled, reference: 'ZX8C-4HJK', name: 'Cara Diaz', ticket: 'Member', days: ['2027-03-10', '2027-03-11'], status: 'cancelled' },
  ],
};
const codeOf = (registrationId: string, e = ev) => signCheckInCode(e.row, registrationId, secret);
const nobodyIn = () => false;

describe('a scan judged offline', () => {
  it('accepts a genuine code or a typed reference, naming the person', async () => {
    expect(await judgeOffline(kit, 'door-1', { code: codeOf(people.member) }, nobodyIn)).toEqual({ ok: true, message: expect.stringContaining('Aisha Bello (Member)'), registrationId: people.member });
    expect((await judgeOffline(kit, 'door-2', { reference: 'k7qd3wxa' }, nobodyIn)).ok).toBe(true);
  });

  it('refuses a made-up code, an altered signature, a code for someone not on the roster', async () => {
    const genuine = codeOf(people.member);
    const cut = genuine.lastIndexOf('.') + 1;
    const altered = `${genuine.slice(0, cut)}${genuine[cut] === 'A' ? 'B' : 'A'}${genuine.slice(cut + 1)}`;
    for (const code of ['1.made.up.code', altered, codeOf(randomUUID())]) {
      expect(await judgeOffline(kit, 'door-1', { code }, nobodyIn)).toMatchObject({ ok: false, message: expect.stringMatching(/^Unknown code/) });
    }
  });

  it('refuses another event’s code, a cancelled registration, the wrong day, and someone already in on this scanner', async () => {
    expect((await judgeOffline(kit, 'door-1', { code: codeOf(people.member, other) }, nobodyIn)).message).toMatch(/^Not this event/);
    expect((await judgeOffline(kit, 'door-1', { code: codeOf(people.cancelled) }, nobodyIn)).message).toMatch(/^Cancelled/);
    expect((await judgeOffline(kit, 'door-2', { code: codeOf(people.dayOne) }, nobodyIn)).message).toMatch(/^Wrong day: .*Wednesday 10 March only/);
    expect((await judgeOffline(kit, 'door-1', { code: codeOf(people.member) }, (r) => r === people.member)).message).toMatch(/^Already in/);
  });
});

describe('the queue of scans', () => {
  beforeEach(() => {
    const store = new Map<string, string>();
    (globalThis as { localStorage?: unknown }).localStorage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
  });
  const body = (nonce: string) => ({ listId: 'door-1', reference: 'K7QD-3WXA', nonce, scanner: 'scanner 1', scannedAt: '2027-03-10T09:00:00Z', offline: true });

  it('keeps each nonce once, backs off after a failure, and is due again when the network returns', () => {
    enqueue({ eventId: 'e1', body: body('n-1'), shown: '' });
    enqueue({ eventId: 'e1', body: body('n-1'), shown: 'Accepted offline' });
    enqueue({ eventId: 'e2', body: body('n-2'), shown: '' });
    expect(queued('e1')).toHaveLength(1);
    expect(queued('e1')[0]?.shown).toBe('Accepted offline');
    const now = Date.now();
    backOff('n-1', now);
    expect(due('e1', now)).toEqual([]);
    expect(due('e1', now + 61_000)).toHaveLength(1);
    makeDue();
    expect(due('e1', now)).toHaveLength(1);
    settle('n-1');
    expect(queued('e1')).toEqual([]);
    expect(queued('e2')).toHaveLength(1);
  });
});
