import { audit } from '../../server/platform/audit.js';
import { newId } from '../../server/platform/ids.js';
import { makeUser } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';
import { withDefaultScheme } from '../portfolio/support.js';

/*
 * A small register whose every report figure is worked out by hand in reports.test.ts: credentials awarded,
 * lapsed and revoked around a first-half-of-2026 period, three applications' moves, assessor seats, CPD states,
 * activities, audits and two events.
 */

const system = { actorId: null, ip: null, requestId: null };

export async function seedKnownData(app: TestApp) {
  const db = app.platform.database.db;
  const { versionId } = await withDefaultScheme(app);
  const user = (email: string, name: string) => makeUser(app, { email, name });
  const [h1, h2, h3, h4, ada, ben] = [
    await user('h1@example.org', 'Holder One'),
    await user('h2@example.org', 'Holder Two'),
    await user('h3@example.org', 'Holder Three'),
    await user('h4@example.org', 'Holder Four'),
    await user('ada@example.org', 'Ada Assessor'),
    await user('ben@example.org', 'Ben Assessor'),
  ];

  // ---- credentials ----
  const cred = async (holder: string, levelId: string, levelName: string, awardedAt: string, status: 'active' | 'lapsed' | 'revoked' | 'suspended' = 'active', changedAt = awardedAt) => {
    const id = newId();
    await db
      .insertInto('credentials')
      .values({ id, holder_id: holder, application_id: null, scheme_version_id: versionId, level_id: levelId, level_name: levelName, post_nominals: null, awarded_at: awardedAt, review_at: '2031-01-01T00:00:00.000Z', status, status_changed_at: changedAt, created_at: awardedAt })
      .execute();
    return id;
  };
  const c1 = await cred(h1, 'member', 'Member', '2025-11-10T09:00:00.000Z');
  const c2 = await cred(h2, 'member', 'Member', '2026-02-15T09:00:00.000Z');
  const c3 = await cred(h3, 'associate', 'Associate', '2026-01-20T09:00:00.000Z', 'lapsed', '2026-04-05T00:00:00.000Z');
  const c4 = await cred(h4, 'member', 'Member', '2026-03-01T09:00:00.000Z', 'revoked', '2026-08-01T00:00:00.000Z');
  const c5 = await cred(h1, 'fellow', 'Fellow', '2026-07-01T09:00:00.000Z');
  const c6 = await cred(h2, 'member', 'Member', '2025-12-31T23:00:00.000Z', 'suspended', '2025-12-31T23:30:00.000Z');

  // ---- the public register ----
  const listing = (holder: string, listed: number, at: string) => db.insertInto('register_listings').values({ holder_id: holder, listed, show_country: 0, updated_at: at }).execute();
  await listing(h1, 1, '2025-06-01T00:00:00.000Z');
  await listing(h2, 1, '2026-03-10T00:00:00.000Z');
  await listing(h3, 0, '2026-02-01T00:00:00.000Z');

  // ---- applications and their moves ----
  const application = async (applicant: string, createdAt: string, state: 'draft' | 'awarded' | 'in_assessment' | 'withdrawn') => {
    const id = newId();
    await db
      .insertInto('applications')
      .values({ id, applicant_id: applicant, scheme_version_id: versionId, level_id: 'member', state, data: '{}', snapshot: null, ethics_version: null, declared_at: null, submitted_at: null, due_at: null, decided_at: null, created_at: createdAt, updated_at: createdAt })
      .execute();
    return id;
  };
  const move = (id: string, at: string, from: string, to: string, action = 'application.step') =>
    audit(db, system, { action, subjectType: 'application', subjectId: id, details: { from, to } }, new Date(at));
  const app1 = await application(h1, '2026-01-01T00:00:00.000Z', 'awarded');
  await move(app1, '2026-01-02T00:00:00.000Z', 'draft', 'awaiting_references');
  await move(app1, '2026-01-04T00:00:00.000Z', 'awaiting_references', 'submitted');
  await move(app1, '2026-01-04T12:00:00.000Z', 'submitted', 'in_assessment');
  await move(app1, '2026-01-05T00:00:00.000Z', 'in_assessment', 'in_assessment', 'application.score');
  await move(app1, '2026-01-09T12:00:00.000Z', 'in_assessment', 'recommended');
  await move(app1, '2026-01-10T12:00:00.000Z', 'recommended', 'awarded');
  const app2 = await application(h2, '2026-02-01T00:00:00.000Z', 'in_assessment');
  await move(app2, '2026-02-01T06:00:00.000Z', 'draft', 'awaiting_references');
  await move(app2, '2026-02-11T06:00:00.000Z', 'awaiting_references', 'submitted');
  await move(app2, '2026-02-12T06:00:00.000Z', 'submitted', 'in_assessment');
  await move(app2, '2026-03-01T06:00:00.000Z', 'in_assessment', 'information_requested');
  await move(app2, '2026-03-03T06:00:00.000Z', 'information_requested', 'in_assessment');
  const app3 = await application(h3, '2025-12-20T00:00:00.000Z', 'withdrawn');
  await move(app3, '2025-12-30T00:00:00.000Z', 'draft', 'awaiting_references');
  await move(app3, '2026-01-01T00:00:00.000Z', 'awaiting_references', 'submitted');
  await move(app3, '2026-07-05T00:00:00.000Z', 'submitted', 'withdrawn');
  const app4 = await application(h4, '2026-05-01T00:00:00.000Z', 'draft');
  // Other subjects' entries are not moves.
  await audit(db, system, { action: 'credential.awarded', subjectType: 'credential', subjectId: c1, details: { from: 'x', to: 'y' } }, new Date('2026-01-10T12:00:00.000Z'));

  // ---- assessor seats ----
  const seat = (applicationId: string, assessor: string, status: 'active' | 'done' | 'handed_back', assignedAt: string, finishedAt: string | null, dueAt: string | null = null) =>
    db.insertInto('application_assessors').values({ application_id: applicationId, assessor_id: assessor, stage: 'assessment', status, assigned_at: assignedAt, due_at: dueAt, finished_at: finishedAt, scored_at: null, recommended_at: null }).execute();
  await seat(app1, ada, 'done', '2026-01-04T12:00:00.000Z', '2026-01-09T12:00:00.000Z');
  await seat(app2, ada, 'active', '2026-02-12T06:00:00.000Z', null, '2026-03-20T00:00:00.000Z');
  await seat(app3, ada, 'done', '2026-01-01T00:00:00.000Z', '2026-01-03T00:00:00.000Z');
  await seat(app4, ada, 'done', '2026-03-01T00:00:00.000Z', '2026-03-12T00:00:00.000Z');
  await seat(app1, ben, 'handed_back', '2026-01-04T12:00:00.000Z', '2026-01-05T12:00:00.000Z');
  await seat(app2, ben, 'done', '2026-02-12T06:00:00.000Z', '2026-09-01T00:00:00.000Z');
  await seat(app3, ben, 'active', '2026-01-01T00:00:00.000Z', null, '2026-12-31T00:00:00.000Z');

  // ---- CPD: the rule set, each credential's cycle, activities, audits ----
  await db.insertInto('cpd_rule_sets').values({ id: newId(), key: 'itsm-body', number: 3, name: 'Body CPD rules', content: '{}', sha256: 'x', body_default: 1, created_at: '2025-01-01T00:00:00.000Z' }).execute();
  const holderOf = { [c1]: h1, [c2]: h2, [c3]: h3, [c4]: h4, [c5]: h1, [c6]: h2 } as Record<string, string>;
  const state = (credentialId: string, start: string, end: string, status: 'ok' | 'short' | 'grace' | 'suspended' | 'lapsed') =>
    db
      .insertInto('cpd_credential_states')
      .values({ credential_id: credentialId, member_id: holderOf[credentialId]!, cycle_index: 0, cycle_start: start, cycle_end: end, status, since: start, next_check_on: end, updated_at: start })
      .execute();
  await state(c1, '2025-11-10', '2026-11-09', 'ok');
  await state(c2, '2026-02-15', '2027-02-14', 'short');
  await state(c4, '2026-03-01', '2027-02-28', 'ok');
  await state(c3, '2026-01-20', '2027-01-19', 'lapsed');
  await state(c6, '2024-01-01', '2025-12-31', 'suspended');
  await state(c5, '2026-07-01', '2027-06-30', 'ok');

  const activity = (member: string, on: string, quarters: number, deletedAt: string | null = null) =>
    db
      .insertInto('cpd_activities')
      .values({ id: newId(), member_id: member, type: 'course', title: 'A course', occurred_on: on, quarters, provider: null, learned: null, apply: null, source: 'manual', provider_id: null, import_id: null, row_key: null, activity_code: null, audit_status: null, created_at: `${on}T00:00:00.000Z`, updated_at: `${on}T00:00:00.000Z`, deleted_at: deletedAt })
      .execute();
  await activity(h1, '2026-01-15', 4);
  await activity(h2, '2026-01-31', 6);
  await activity(h1, '2026-03-01', 8);
  await activity(h1, '2026-03-02', 2, '2026-03-03T00:00:00.000Z');
  await activity(h1, '2025-12-31', 4);
  await activity(h1, '2026-07-01', 4);

  const cpdAudit = (credentialId: string, year: number, reason: 'random' | 'targeted', status: 'requested' | 'passed' | 'failed' | 'expired') =>
    db
      .insertInto('cpd_audits')
      .values({ id: newId(), year, seed: 's', member_id: holderOf[credentialId]!, credential_id: credentialId, cycle_index: 0, reason, reason_detail: null, status, assessor_id: null, requested_at: `${year}-02-01T00:00:00.000Z`, due_at: `${year}-03-01T00:00:00.000Z`, submitted_at: null, decided_at: null, outcome: null, updated_at: `${year}-02-01T00:00:00.000Z` })
      .execute();
  await cpdAudit(c1, 2026, 'random', 'passed');
  await cpdAudit(c2, 2026, 'random', 'passed');
  await cpdAudit(c3, 2026, 'random', 'failed');
  await cpdAudit(c4, 2026, 'random', 'requested');
  await cpdAudit(c6, 2026, 'targeted', 'expired');
  await cpdAudit(c1, 2025, 'random', 'passed');

  // ---- events ----
  const event = async (slug: string, startsOn: string, status: 'published' | 'draft' | 'closed') => {
    const id = newId();
    const at = '2026-01-01T00:00:00.000Z';
    await db
      .insertInto('events')
      .values({ id, slug, title: `Event ${slug}`, summary: '', kind: 'conference', format: 'in_person', starts_on: startsOn, ends_on: startsOn, time_zone: 'UTC', venue_name: null, venue_address: null, join_url: null, status, registration_opens_at: null, registration_closes_at: null, cancel_cutoff_at: null, checkin_public_key: 'k', checkin_private_key: '{}', revision: 1, created_by: ada, created_at: at, updated_at: at, closed_at: null })
      .execute();
    return id;
  };
  const ev1 = await event('spring', '2026-04-10', 'closed');
  await event('summer', '2026-08-01', 'published');
  await event('draft', '2026-05-01', 'draft');
  await event('june', '2026-06-30', 'published');
  const ticket = newId();
  await db.insertInto('event_ticket_types').values({ id: ticket, event_id: ev1, name: 'Member', kind: 'member', price_minor: 0, currency: 'GBP', public: 1, position: 0 }).execute();
  const reg = async (holder: string, status: 'confirmed' | 'cancelled', n: number) => {
    const id = newId();
    const at = '2026-03-01T00:00:00.000Z';
    await db
      .insertInto('event_registrations')
      .values({ id, event_id: ev1, user_id: holder, ticket_type_id: ticket, reference: `R${n}`, status, name: 'X', email: `r${n}@example.org`, organisation_name: null, share_with_exhibitors: 0, fee_minor: 0, fee_paid_at: null, source: 'self', created_at: at, updated_at: at, cancelled_at: null })
      .execute();
    return id;
  };
  const r1 = await reg(h1, 'confirmed', 1);
  const r2 = await reg(h2, 'confirmed', 2);
  await reg(h3, 'confirmed', 3);
  await reg(h4, 'cancelled', 4);
  const list = async (kind: 'door' | 'session', name: string) => {
    const id = newId();
    await db.insertInto('event_checkin_lists').values({ id, event_id: ev1, kind, day: kind === 'door' ? '2026-04-10' : null, session_id: null, name, created_at: '2026-04-01T00:00:00.000Z' }).execute();
    return id;
  };
  const door = await list('door', 'Door');
  const room = await list('session', 'Room');
  const checkin = (listId: string, registrationId: string, undoneAt: string | null = null) =>
    db
      .insertInto('event_checkins')
      .values({ id: newId(), event_id: ev1, list_id: listId, registration_id: registrationId, nonce: newId(), scanner: 's1', by_user_id: ada, scanned_at: '2026-04-10T09:00:00.000Z', recorded_at: '2026-04-10T09:00:00.000Z', offline: 0, undone_at: undoneAt, undone_by: undoneAt ? ada : null, undo_reason: undoneAt ? 'wrong person' : null })
      .execute();
  await checkin(door, r1);
  await checkin(room, r1);
  await checkin(door, r2, '2026-04-10T09:05:00.000Z');
  return { ada, ben, ev1 };
}
