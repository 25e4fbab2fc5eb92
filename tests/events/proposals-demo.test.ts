import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoProposals, seedDemoSessionFeedback } from '../../server/demo/events/proposals.js';
import { newId } from '../../server/platform/ids.js';
import { makeUser, signIn } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { insertEvent, insertRegistration } from './fixtures.js';
import { checkInToSession } from './proposals-fixtures.js';

/*
 * The demo's call for presentations, seeded onto a fixture conference (the core demo's events may not be
 * there): a closed call, accepted proposals linked to members' sessions, declined ones, reviews by the two
 * demo assessors; and feedback only from people checked in to last year's sessions.
 */

describe('demo proposals and feedback', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await testApp();
  });
  afterAll(() => app.close());

  it('seeds a closed call whose accepted proposals are the members’ sessions, reviewed by the demo assessors', async () => {
    const db = app.platform.database.db;
    const organiser = await makeUser(app, { email: 'organiser@demo.guildhall.test', roles: ['event_organiser'] });
    for (const e of ['assessor1@demo.guildhall.test', 'assessor2@demo.guildhall.test']) await makeUser(app, { email: e, roles: ['assessor'] });
    const aisha = await makeUser(app, { email: 'member@demo.guildhall.test', name: 'Aisha Bello' });
    const speaker = await makeUser(app, { email: 'speaker.1@members.guildhall.test' });
    const conference = await insertEvent(app, { createdBy: organiser });
    const past = await insertEvent(app, { createdBy: organiser, startsOn: '2026-03-10', title: 'Last Summit' });
    const at = app.clock.now().toISOString();
    for (const s of conference.sessions.slice(0, 2)) {
      await db.insertInto('event_speakers').values({ id: newId(), event_id: conference.id, session_id: s, user_id: speaker, name: 'Speaker One', email: 'speaker.1@members.guildhall.test', bio: null, status: 'confirmed', token_hash: null, responded_at: at, created_at: at }).execute();
    }
    const reg = await insertRegistration(app, past, { id: aisha, email: 'member@demo.guildhall.test' });
    for (const s of past.sessions.slice(0, 3)) await checkInToSession(app, past, s, reg.id, organiser);

    await db.transaction().execute(async (tx) => {
      await seedDemoProposals(tx, { conferenceId: conference.id, pastConferenceId: past.id }, app.clock.now());
      await seedDemoSessionFeedback(tx, { conferenceId: conference.id, pastConferenceId: past.id }, app.clock.now());
    });

    const call = await db.selectFrom('event_calls').selectAll().where('event_id', '=', conference.id).executeTakeFirstOrThrow();
    expect(call.status).toBe('closed');
    expect(call.closes_at < at).toBe(true);
    const proposals = await db.selectFrom('event_proposals').selectAll().where('event_id', '=', conference.id).execute();
    const by = (s: string) => proposals.filter((p) => p.status === s);
    expect(by('accepted').length).toBe(2);
    expect(by('rejected').length).toBe(3);
    expect(by('submitted').length).toBe(4);
    for (const p of by('accepted')) {
      const s = await db.selectFrom('event_sessions').select(['proposal_id']).where('id', '=', p.session_id as string).executeTakeFirstOrThrow();
      expect(s.proposal_id).toBe(p.id);
      expect(p.submitter_id).toBe(speaker);
    }
    const reviewers = await db.selectFrom('event_proposal_reviews').select('reviewer_id').distinct().execute();
    expect(reviewers.length).toBe(2);

    // Aisha sees her proposals and no review; the organiser sees the reviews.
    const member = await signIn(app, 'member@demo.guildhall.test');
    const mine = await member.req({ method: 'GET', url: '/api/v1/me/event-proposals' });
    expect(mine.json().proposals.length).toBeGreaterThan(0);
    expect(mine.body).not.toMatch(/score|Strong practical case/);

    const feedback = await db.selectFrom('event_session_feedback').selectAll().execute();
    expect(feedback.length).toBeGreaterThan(0);
    for (const f of feedback) {
      expect(f.user_id).toBe(aisha);
      expect(past.sessions.slice(0, 3)).toContain(f.session_id);
    }
  });

  it('skips everything when the core demo made no events', async () => {
    await app.platform.database.db.transaction().execute(async (tx) => {
      await seedDemoProposals(tx, { conferenceId: '', pastConferenceId: '' }, app.clock.now());
      await seedDemoSessionFeedback(tx, { conferenceId: '', pastConferenceId: '' }, app.clock.now());
    });
  });
});
