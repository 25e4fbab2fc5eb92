import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, type Json, auditEntries, call, expectError, lastMail, mailsTo, signedInUser, tokenFromText } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { type EventFixture, insertEvent } from './fixtures.js';
import { openCall, submit } from './proposals-fixtures.js';

/*
 * The call for presentations end to end through the API: open, submit, blind reviews, the decision into a
 * slot, and the speakers' answers by mailed link. Reviewers' comments must never reach a speaker.
 */

type Person = Browser & { id: string };

describe('calls for presentations, proposals and blind reviews', () => {
  let app: TestApp;
  let organiser: Person;
  let member: Person;
  let assessor: Person;
  let reviewer: Person;
  let stranger: Person;
  let event: EventFixture;
  const commentA = 'Assessor comment: strong case study but needs figures';
  const commentB = 'Reviewer comment: too close to last year';

  beforeAll(async () => {
    app = await testApp();
    organiser = await signedInUser(app, 'cfp-organiser@example.org', ['event_organiser']);
    member = await signedInUser(app, 'cfp-member@example.org');
    assessor = await signedInUser(app, 'cfp-assessor@example.org', ['assessor']);
    reviewer = await signedInUser(app, 'cfp-reviewer@example.org');
    stranger = await signedInUser(app, 'cfp-stranger@example.org');
    event = await insertEvent(app, { createdBy: organiser.id });
    await app.platform.database.db.insertInto('event_team').values({ event_id: event.id, user_id: reviewer.id, role: 'reviewer', added_by: organiser.id, added_at: app.clock.now().toISOString() }).execute();
  });
  afterAll(() => app.close());

  it('only organisers open a call; anyone reads it by the event’s address', async () => {
    const before = await call(app, { method: 'GET', url: `/api/v1/event-calls/${event.slug}` });
    expect(before.json()).toMatchObject({ status: 'none', open: false });
    expectError(await member.req({ method: 'PUT', url: `/api/v1/events/${event.id}/call`, payload: { closesAt: '2027-01-31T23:59:00Z', guidance: 'x', formats: ['talk'] } }), 403, 'FORBIDDEN');
    const bad = expectError(await organiser.req({ method: 'PUT', url: `/api/v1/events/${event.id}/call`, payload: { closesAt: '2027-01-31T23:59:00Z', guidance: 'x', formats: ['talk'], trackIds: ['nope'] } }), 400, 'VALIDATION_FAILED');
    expect(bad.message).toMatch(/trackIds/);
    const opened = await openCall(organiser, event);
    expect(opened).toMatchObject({ status: 'open', open: true, formats: ['talk', 'workshop'], tracks: [{ name: 'Practice' }, { name: 'Strategy' }] });
    const pub = await call(app, { method: 'GET', url: `/api/v1/event-calls/${event.slug}` });
    expect(pub.json()).toMatchObject({ eventId: event.id, open: true, closesAt: '2027-01-31T23:59:00.000Z', guidance: 'Practical talks, please.' });
  });

  it('a member submits, changes and withdraws their own proposal; others cannot touch it', async () => {
    const p = await submit(member, event, { trackId: event.tracks[0] });
    expect(p).toMatchObject({ status: 'submitted', editable: true, track: { name: 'Practice' } });
    expectError(await member.req({ method: 'POST', url: `/api/v1/events/${event.id}/proposals`, payload: { ...p, id: undefined } }), 400, 'VALIDATION_FAILED');
    const panel = expectError(await member.req({ method: 'POST', url: `/api/v1/events/${event.id}/proposals`, payload: { title: 'A panel', abstract: 'A panel of five people talking about things.', format: 'panel', level: 'advanced' } }), 400, 'VALIDATION_FAILED');
    expect(panel.message).toMatch(/format/);
    const self = expectError(await member.req({ method: 'POST', url: `/api/v1/events/${event.id}/proposals`, payload: { title: 'Mine', abstract: 'A talk about twenty characters or more.', format: 'talk', level: 'advanced', coSpeakers: [{ name: 'Me', email: 'CFP-member@example.org' }] } }), 400, 'VALIDATION_FAILED');
    expect(self.message).toMatch(/coSpeakers\.0\.email/);
    const changed = await member.req({ method: 'PATCH', url: `/api/v1/me/event-proposals/${p.id}`, payload: { title: 'Self-service for ten thousand people' } });
    expect(changed.json()).toMatchObject({ title: 'Self-service for ten thousand people' });
    expectError(await stranger.req({ method: 'PATCH', url: `/api/v1/me/event-proposals/${p.id}`, payload: { title: 'Hijacked title' } }), 404, 'NOT_FOUND');
    expectError(await stranger.req({ method: 'POST', url: `/api/v1/me/event-proposals/${p.id}/withdraw` }), 404, 'NOT_FOUND');
    const gone = await member.req({ method: 'POST', url: `/api/v1/me/event-proposals/${p.id}/withdraw` });
    expect(gone.json()).toMatchObject({ status: 'withdrawn', editable: false });
    expectError(await member.req({ method: 'PATCH', url: `/api/v1/me/event-proposals/${p.id}`, payload: { title: 'Back again' } }), 409, 'CONFLICT');
  });

  it('reviews are blind to each other; organisers see every review, the mean and the count; nobody reviews their own', async () => {
    const p = await submit(member, event, { coSpeakers: [{ name: 'Ada Assessor', email: 'cfp-assessor@example.org' }, { name: 'Guest Speaker', email: 'guest.speaker@example.net' }] });
    const other = await submit(stranger, event, { title: 'Problem management that works' });
    // The assessor is a co-speaker on p: refused, with the proposal named.
    const own = expectError(await assessor.req({ method: 'PUT', url: `/api/v1/event-proposals/${p.id}/review`, payload: { score: 5, comment: 'Mine is great' } }), 403, 'FORBIDDEN');
    expect(own.message).toContain(p.title);
    expectError(await stranger.req({ method: 'PUT', url: `/api/v1/event-proposals/${p.id}/review`, payload: { score: 5, comment: 'Let me in' } }), 403, 'FORBIDDEN');
    expectError(await reviewer.req({ method: 'PUT', url: `/api/v1/event-proposals/${p.id}/review`, payload: { score: 6, comment: 'x' } }), 400, 'VALIDATION_FAILED');
    for (const [who, score, comment] of [[assessor, 4, commentA], [reviewer, 2, commentB]] as const) {
      const r = await who.req({ method: 'PUT', url: `/api/v1/event-proposals/${other.id}/review`, payload: { score, comment } });
      expect(r.statusCode, r.body).toBe(200);
    }
    const r2 = await reviewer.req({ method: 'PUT', url: `/api/v1/event-proposals/${p.id}/review`, payload: { score: 3, comment: commentB } });
    expect(r2.statusCode, r2.body).toBe(200);
    // Changing one's review replaces it.
    await reviewer.req({ method: 'PUT', url: `/api/v1/event-proposals/${other.id}/review`, payload: { score: 1, comment: commentB } });

    const asAssessor = await assessor.req({ method: 'GET', url: `/api/v1/events/${event.id}/proposals` });
    expect(asAssessor.statusCode, asAssessor.body).toBe(200);
    expect(asAssessor.body).not.toContain(commentB);
    const seen = asAssessor.json().proposals as Json[];
    expect(seen.find((x) => x.id === other.id)).toMatchObject({ myReview: { score: 4, comment: commentA }, reviews: null, meanScore: null, reviewCount: null });
    expect(seen.find((x) => x.id === p.id)).toMatchObject({ ownProposal: true, myReview: null });
    const asReviewer = await reviewer.req({ method: 'GET', url: `/api/v1/events/${event.id}/proposals` });
    expect(asReviewer.body).not.toContain(commentA);
    expectError(await stranger.req({ method: 'GET', url: `/api/v1/events/${event.id}/proposals` }), 403, 'FORBIDDEN');

    const asOrganiser = (await organiser.req({ method: 'GET', url: `/api/v1/events/${event.id}/proposals` })).json();
    expect(asOrganiser.proposals.find((x: Json) => x.id === other.id)).toMatchObject({ reviewCount: 2, meanScore: 2.5 });
    expect(asOrganiser.proposals.find((x: Json) => x.id === other.id).reviews.map((r: Json) => r.comment).sort()).toEqual([commentA, commentB].sort());
    // The audit log keeps the score, never the comment.
    expect(JSON.stringify(await auditEntries(app, 'event.proposal_reviewed'))).not.toContain('Assessor comment');
  });

  it('accepting into a taken slot is refused with the clash named; a free slot makes the session and invites the speakers', async () => {
    const list = (await organiser.req({ method: 'GET', url: `/api/v1/events/${event.id}/proposals` })).json();
    const p = list.proposals.find((x: Json) => x.speakers.some((s: Json) => s.name === 'Guest Speaker'));
    expect(p.speakers).toEqual([{ name: 'cfp-member', member: true }, { name: 'Ada Assessor', member: true }, { name: 'Guest Speaker', member: false }]);
    expect(JSON.stringify(list)).not.toContain('guest.speaker@example.net');
    const clash = expectError(await organiser.req({ method: 'POST', url: `/api/v1/event-proposals/${p.id}/decision`, payload: { outcome: 'accept', roomId: event.rooms[0], startsAt: '2027-03-10T09:30', endsAt: '2027-03-10T10:15' } }), 409, 'CONFLICT');
    expect(clash.message).toContain('Session 1');
    const outside = expectError(await organiser.req({ method: 'POST', url: `/api/v1/event-proposals/${p.id}/decision`, payload: { outcome: 'accept', roomId: event.rooms[0], startsAt: '2027-03-14T09:30', endsAt: '2027-03-14T10:15' } }), 400, 'VALIDATION_FAILED');
    expect(outside.message).toMatch(/during the event/);
    expectError(await assessor.req({ method: 'POST', url: `/api/v1/event-proposals/${p.id}/decision`, payload: { outcome: 'reject' } }), 403, 'FORBIDDEN');

    const ok = await organiser.req({ method: 'POST', url: `/api/v1/event-proposals/${p.id}/decision`, payload: { outcome: 'accept', roomId: event.rooms[0], startsAt: '2027-03-10T12:00', endsAt: '2027-03-10T12:45', trackId: event.tracks[1] } });
    expect(ok.statusCode, ok.body).toBe(200);
    const { sessionId } = ok.json();
    const db = app.platform.database.db;
    const session = await db.selectFrom('event_sessions').selectAll().where('id', '=', sessionId).executeTakeFirstOrThrow();
    expect(session).toMatchObject({ proposal_id: p.id, starts_at: '2027-03-10T12:00:00.000Z', ends_at: '2027-03-10T12:45:00.000Z', cpd_quarters: 3, track_id: event.tracks[1], status: 'scheduled' });
    const speakers = await db.selectFrom('event_speakers').selectAll().where('session_id', '=', sessionId).orderBy('email').execute();
    expect(speakers.map((s) => [s.email, s.status, s.user_id !== null])).toEqual([
      ['cfp-assessor@example.org', 'invited', true],
      ['cfp-member@example.org', 'invited', true],
      ['guest.speaker@example.net', 'invited', false],
    ]);
    const revision = await db.selectFrom('events').select('revision').where('id', '=', event.id).executeTakeFirstOrThrow();
    expect(revision.revision).toBeGreaterThan(1);
    expectError(await organiser.req({ method: 'POST', url: `/api/v1/event-proposals/${p.id}/decision`, payload: { outcome: 'reject' } }), 409, 'CONFLICT');

    // Nothing the speakers can reach carries a reviewer's words.
    const mails = [...(await mailsTo(app, 'cfp-member@example.org')), ...(await mailsTo(app, 'guest.speaker@example.net')), ...(await mailsTo(app, 'cfp-assessor@example.org'))];
    expect(mails.map((m) => m.template).sort()).toEqual(['event_proposal_decided', 'event_speaker_invited', 'event_speaker_invited', 'event_speaker_invited']);
    const mine = await member.req({ method: 'GET', url: '/api/v1/me/event-proposals' });
    const guestToken = tokenFromText((await lastMail(app, 'guest.speaker@example.net')).text_body, '/events/speakers/confirm');
    const invitation = await call(app, { method: 'POST', url: '/api/v1/event-speakers/invitation', payload: { token: guestToken } });
    for (const text of [...mails.flatMap((m) => [m.subject, m.text_body, m.html_body]), mine.body, invitation.body]) {
      expect(text).not.toContain(commentA);
      expect(text).not.toContain(commentB);
      expect(text).not.toMatch(/"score"|meanScore|"reviews"/);
    }
    expect(mine.json().speaking).toEqual([expect.objectContaining({ status: 'invited', sessionTitle: p.title, slot: expect.objectContaining({ room: 'Room 1' }) })]);
    expect(invitation.json()).toMatchObject({ name: 'Guest Speaker', member: false, status: 'invited', sessionTitle: p.title });
  });

  it('speakers answer by the mailed link: a guest by the link alone, a member only signed in as themselves', async () => {
    const guestToken = tokenFromText((await lastMail(app, 'guest.speaker@example.net')).text_body, '/events/speakers/confirm');
    const guest = await call(app, { method: 'POST', url: '/api/v1/event-speakers/decline', payload: { token: guestToken } });
    expect(guest.json()).toMatchObject({ status: 'declined' });
    const invite = (await mailsTo(app, 'cfp-member@example.org')).find((m) => m.template === 'event_speaker_invited');
    const memberToken = tokenFromText(invite?.text_body ?? '', '/events/speakers/confirm');
    expectError(await call(app, { method: 'POST', url: '/api/v1/event-speakers/confirm', payload: { token: memberToken } }), 401, 'NOT_AUTHENTICATED');
    expectError(await stranger.req({ method: 'POST', url: '/api/v1/event-speakers/confirm', payload: { token: memberToken } }), 403, 'FORBIDDEN');
    expectError(await member.req({ method: 'POST', url: '/api/v1/event-speakers/confirm', payload: { token: `${memberToken}x` } }), 400, 'INVALID_TOKEN');
    const confirmed = await member.req({ method: 'POST', url: '/api/v1/event-speakers/confirm', payload: { token: memberToken } });
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', member: true });
    const reachable = [confirmed.body, guest.body, (await member.req({ method: 'GET', url: '/api/v1/me/session-feedback' })).body, (await member.req({ method: 'GET', url: '/api/v1/me/event-proposals' })).body];
    for (const body of reachable) for (const c of [commentA, commentB]) expect(body).not.toContain(c);
    const again = await member.req({ method: 'POST', url: '/api/v1/event-speakers/confirm', payload: { token: memberToken } });
    expect(again.json()).toMatchObject({ status: 'confirmed' });
    expect((await auditEntries(app, 'event.speaker_confirmed')).length).toBe(1);
  });

  it('a rejected proposal is mailed its decision; after the deadline nothing is submitted or changed', async () => {
    const p = await submit(member, event, { title: 'A talk to reject' });
    const res = await organiser.req({ method: 'POST', url: `/api/v1/event-proposals/${p.id}/decision`, payload: { outcome: 'reject' } });
    expect(res.json()).toMatchObject({ status: 'rejected', sessionId: null });
    const mail = await lastMail(app, 'cfp-member@example.org');
    expect(mail.template).toBe('event_proposal_decided');
    expect(mail.subject).toContain('rejected');
    const late = await submit(member, event, { title: 'Late but keen' });
    await openCall(organiser, event, { closesAt: new Date(app.clock.now().getTime() + 3_600_000).toISOString() });
    app.clock.advance(7_200_000);
    const closed = expectError(await member.req({ method: 'POST', url: `/api/v1/events/${event.id}/proposals`, payload: { title: 'Too late now', abstract: 'This arrives after the deadline has passed.', format: 'talk', level: 'introductory' } }), 409, 'CONFLICT');
    expect(closed.message).toMatch(/deadline/);
    expectError(await member.req({ method: 'PATCH', url: `/api/v1/me/event-proposals/${late.id}`, payload: { title: 'Changed late' } }), 409, 'CONFLICT');
    expect((await call(app, { method: 'GET', url: `/api/v1/event-calls/${event.slug}` })).json()).toMatchObject({ status: 'open', open: false });
    await openCall(organiser, event);
    const closedEarly = await organiser.req({ method: 'POST', url: `/api/v1/events/${event.id}/call/close` });
    expect(closedEarly.json()).toMatchObject({ status: 'closed', open: false });
    expect(expectError(await member.req({ method: 'POST', url: `/api/v1/me/event-proposals/${late.id}/withdraw` }), 409, 'CONFLICT').message).toMatch(/closed early/);
  });

  it('a draft event has no call to read or submit to', async () => {
    const draft = await insertEvent(app, { createdBy: organiser.id, status: 'draft', title: 'Draft Gathering' });
    expectError(await call(app, { method: 'GET', url: `/api/v1/event-calls/${draft.slug}` }), 404, 'NOT_FOUND');
    expectError(await member.req({ method: 'POST', url: `/api/v1/events/${draft.id}/proposals`, payload: { title: 'Into the void', abstract: 'Nobody should be able to submit to this.', format: 'talk', level: 'introductory' } }), 404, 'NOT_FOUND');
  });
});
