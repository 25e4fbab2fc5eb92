import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Json, call, lastMail, mailsTo, signIn, signedInUser, tokenFromText } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { builtEvent, ok, talk } from './core-support.js';

/*
 * Speakers an organiser names on a session are invited, as accepted proposals' speakers are: stored awaiting
 * their answer, mailed the confirm-or-decline link (guests too), and credited for speaking at the close only
 * once they have confirmed.
 */
describe('speakers an organiser adds to a session', () => {
  let app: TestApp;
  let organiser: Browser & { id: string };
  let speaker: Browser & { id: string };
  let event: Awaited<ReturnType<typeof builtEvent>>;
  let sessionId: string;
  const guest = 'sam.guest@example.net';

  const speakersOf = async () => {
    const e = ok(await organiser.req({ url: `/api/v1/events/${event.id}` }));
    return (e.sessions.find((s: Json) => s.id === sessionId).speakers as Json[]).map((x) => [x.email, x.status]).sort();
  };
  const speakingCredits = async () =>
    app.platform.database.db.selectFrom('cpd_activities').select(['member_id', 'type']).where('type', '=', 'speaking').where('deleted_at', 'is', null).execute();

  beforeAll(async () => {
    app = await testApp({ now: '2027-01-05T10:00:00Z' });
    organiser = await signedInUser(app, 'speakers-organiser@example.org', ['event_organiser']);
    speaker = await signedInUser(app, 'speakers-member@example.org');
    event = await builtEvent(organiser);
  });
  afterAll(() => app.close());

  it('stores them as invited and mails each the confirm link, members and guests alike', async () => {
    const s = ok(
      await organiser.req({ method: 'POST', url: `/api/v1/events/${event.id}/sessions`, payload: talk({ roomId: event.roomId, speakers: [{ email: 'speakers-member@example.org' }, { email: guest, name: 'Sam Guest' }] }) }),
      201,
    );
    sessionId = s.id;
    expect(s.speakers.map((x: Json) => x.status)).toEqual(['invited', 'invited']);
    expect(await speakersOf()).toEqual([
      [guest, 'invited'],
      ['speakers-member@example.org', 'invited'],
    ]);
    for (const to of [guest, 'speakers-member@example.org']) {
      const m = await lastMail(app, to);
      expect(m.template).toBe('event_speaker_invited');
      expect(m.text_body).toContain('Shift-left in practice');
      expect(m.text_body).toContain('/events/speakers/confirm?token=');
    }
  });

  it('the guest answers by the link alone; a kept speaker is not mailed again, a new one is', async () => {
    const token = tokenFromText((await lastMail(app, guest)).text_body, '/events/speakers/confirm');
    expect((await call(app, { method: 'POST', url: '/api/v1/event-speakers/confirm', payload: { token } })).json()).toMatchObject({ status: 'confirmed', member: false });
    ok(
      await organiser.req({
        method: 'PATCH',
        url: `/api/v1/events/${event.id}/sessions/${sessionId}`,
        payload: { title: 'Shift-left, two years on', speakers: [{ email: 'speakers-member@example.org' }, { email: guest, name: 'Sam Guest' }, { email: 'kim.co@example.net', name: 'Kim Co' }] },
      }),
    );
    expect(await speakersOf()).toEqual([
      ['kim.co@example.net', 'invited'],
      [guest, 'confirmed'],
      ['speakers-member@example.org', 'invited'],
    ]);
    expect(await mailsTo(app, guest)).toHaveLength(1);
    expect(await mailsTo(app, 'speakers-member@example.org')).toHaveLength(1);
    expect((await lastMail(app, 'kim.co@example.net')).text_body).toContain('Shift-left, two years on');
  });

  it('credits speaking at the close only to a member who confirmed', async () => {
    app.clock.set(new Date('2027-03-12T10:00:00Z'));
    organiser = { ...(await signIn(app, 'speakers-organiser@example.org')), id: organiser.id };
    speaker = { ...(await signIn(app, 'speakers-member@example.org')), id: speaker.id };
    ok(await organiser.req({ method: 'POST', url: `/api/v1/events/${event.id}/close` }));
    expect(await speakingCredits()).toEqual([]);
    const token = tokenFromText((await lastMail(app, 'speakers-member@example.org')).text_body, '/events/speakers/confirm');
    expect((await speaker.req({ method: 'POST', url: '/api/v1/event-speakers/confirm', payload: { token } })).json()).toMatchObject({ status: 'confirmed' });
    expect(ok(await organiser.req({ method: 'POST', url: `/api/v1/events/${event.id}/close` }))).toMatchObject({ newCredits: 1, membersCredited: 1 });
    expect(await speakingCredits()).toEqual([{ member_id: speaker.id, type: 'speaking' }]);
  });
});
