import type { Tx } from '../../db/database.js';
import type { SessionFormat, SessionLevel } from '../../db/schema-events.js';
import { sessionCheckins } from '../../modules/events/proposals/feedback.service.js';
import { newId } from '../../platform/ids.js';
import type { DemoEvents } from './types.js';

/*
 * This year's conference took proposals: its call closed a month ago. Accepted proposals are the demo's own
 * sessions given by members (linked by proposal_id, the member as submitter); others were declined or are
 * still under review, scored by the two demo assessors. Last year's conference has feedback from people the
 * check-in demo checked in to its sessions (seedDemoSessionFeedback, run after the check-ins).
 */

const day = 86_400_000;

const pending: Array<[string, SessionFormat, SessionLevel]> = [
  ['Measuring what matters on the service desk', 'talk', 'intermediate'],
  ['Change advisory boards without the meetings', 'talk', 'advanced'],
  ['A hands-on hour with value stream maps', 'workshop', 'introductory'],
  ['Incident reviews people want to attend', 'talk', 'intermediate'],
  ['What two years of shift-left taught us', 'talk', 'introductory'],
  ['Panel: outsourcing the service desk and bringing it back', 'panel', 'intermediate'],
  ['Knowledge articles nobody reads, and how we fixed that', 'talk', 'introductory'],
];
const declined = new Set([1, 4, 6]);
const comments = ['Clear outcome for attendees; the abstract could name the organisation’s size.', 'Interesting, though close to a talk we had last year.', 'Strong practical case; would suit the Practice track.', 'Needs a sharper takeaway.'];

export async function seedDemoProposals(tx: Tx, events: DemoEvents, now: Date): Promise<void> {
  const event = await tx.selectFrom('events').select(['id', 'created_by']).where('id', '=', events.conferenceId).executeTakeFirst();
  if (!event) return;
  const at = (daysAgo: number) => new Date(now.getTime() - daysAgo * day).toISOString();
  const tracks = await tx.selectFrom('event_tracks').select('id').where('event_id', '=', event.id).orderBy('position').execute();
  await tx
    .insertInto('event_calls')
    .values({ event_id: event.id, closes_at: at(30), guidance: 'We want practical talks from people who run services: what you tried, what happened, what you would do again. 40 minutes with questions; workshops 90 minutes.', formats: JSON.stringify(['talk', 'panel', 'workshop']), track_ids: JSON.stringify(tracks.map((t) => t.id)), status: 'closed', opened_by: event.created_by, opened_at: at(120), closed_at: at(30) })
    .execute();
  const assessors = await tx.selectFrom('users').select('id').where('email', 'in', ['assessor1@demo.guildhall.test', 'assessor2@demo.guildhall.test']).orderBy('email').execute();
  const members = await tx.selectFrom('users').select(['id', 'email']).where('email', 'like', '%@members.guildhall.test').orderBy('email').limit(pending.length).execute();
  const aisha = await tx.selectFrom('users').select(['id', 'email']).where('email', '=', 'member@demo.guildhall.test').executeTakeFirst();
  const submitters = [...(aisha ? [aisha] : []), ...members];

  const review = async (proposalId: string, seed: number) => {
    for (const [i, a] of assessors.entries()) {
      await tx.insertInto('event_proposal_reviews').values({ proposal_id: proposalId, reviewer_id: a.id, score: ((seed + i * 2) % 5) + 1, comment: comments[(seed + i) % comments.length] as string, created_at: at(25 - i), updated_at: at(25 - i) }).execute();
    }
  };

  // Accepted: sessions given by a member, who becomes the submitter of the proposal behind it.
  const given = await tx
    .selectFrom('event_sessions as s')
    .innerJoin('event_speakers as sp', 'sp.session_id', 's.id')
    .select(['s.id', 's.title', 's.abstract', 's.format', 's.level', 's.track_id', 'sp.user_id'])
    .where('s.event_id', '=', event.id)
    .where('s.proposal_id', 'is', null)
    .where('sp.user_id', 'is not', null)
    .where('s.format', '!=', 'keynote')
    .orderBy('s.starts_at')
    .limit(5)
    .execute();
  const used = new Set<string>();
  let seed = 0;
  for (const s of given) {
    if (used.has(s.id) || !s.user_id) continue;
    used.add(s.id);
    const id = newId();
    await tx
      .insertInto('event_proposals')
      .values({ id, event_id: event.id, submitter_id: s.user_id, title: s.title, abstract: s.abstract, format: s.format, level: s.level ?? 'intermediate', track_id: s.track_id, co_speakers: '[]', status: 'accepted', session_id: s.id, decided_by: event.created_by, decided_at: at(20), created_at: at(60 - seed), updated_at: at(60 - seed) })
      .execute();
    await tx.updateTable('event_sessions').set({ proposal_id: id }).where('id', '=', s.id).execute();
    await review(id, seed++);
  }

  // Declined and still under review, from members (Aisha first, so her talks page has something to show).
  for (const [i, [title, format, level]] of pending.entries()) {
    const who = submitters[i % Math.max(1, submitters.length)];
    if (!who) break;
    const id = newId();
    const status = declined.has(i) ? 'rejected' : 'submitted';
    await tx
      .insertInto('event_proposals')
      .values({ id, event_id: event.id, submitter_id: who.id, title, abstract: `${title}: what we tried, what happened, and what we would do again, with the figures from two years of running it.`, format, level, track_id: tracks[i % Math.max(1, tracks.length)]?.id ?? null, co_speakers: i === 5 ? JSON.stringify([{ name: 'Rosa Delgado', email: 'rosa.delgado@guests.example.org' }]) : '[]', status, session_id: null, decided_by: status === 'rejected' ? event.created_by : null, decided_at: status === 'rejected' ? at(20) : null, created_at: at(50 - i), updated_at: at(50 - i) })
      .execute();
    // Two proposals under review have only one review so far.
    if (i % 3 === 2) await tx.insertInto('event_proposal_reviews').values({ proposal_id: id, reviewer_id: assessors[0]?.id ?? event.created_by, score: 4, comment: comments[2] as string, created_at: at(22), updated_at: at(22) }).execute();
    else await review(id, i);
  }
}

const feedbackComments = ['Useful and well paced.', 'Good examples; the slides were hard to read from the back.', 'Exactly what our team needed.', '', 'Would like more time for questions.'];

/** Feedback on last year's sessions from some of the people checked in to them (none checked in: none). */
export async function seedDemoSessionFeedback(tx: Tx, events: DemoEvents, now: Date): Promise<void> {
  const attended = await sessionCheckins(tx).select(['l.session_id', 'r.user_id', 'c.scanned_at']).where('c.event_id', '=', events.pastConferenceId).orderBy('c.id').execute();
  const seen = new Set<string>();
  let n = 0;
  for (const a of attended) {
    if (!a.session_id || n >= 40) continue;
    const key = `${a.session_id} ${a.user_id}`;
    if (seen.has(key) || n++ % 3 !== 0) continue;
    seen.add(key);
    const at = new Date(Math.min(now.getTime(), Date.parse(a.scanned_at) + 3 * 3_600_000)).toISOString();
    await tx
      .insertInto('event_session_feedback')
      .values({ id: newId(), event_id: events.pastConferenceId, session_id: a.session_id, user_id: a.user_id, rating: 5 - (n % 3), comment: feedbackComments[n % feedbackComments.length] as string, created_at: at, updated_at: at })
      .execute();
  }
}
