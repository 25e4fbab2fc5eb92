import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiScope, type Role, apiScopes } from '../../contracts/accounts.js';
import { loadDefaultScheme } from '../../server/modules/schemes/default-scheme.js';
import { newId } from '../../server/platform/ids.js';
import { randomToken, sha256 } from '../../server/platform/secrets.js';
import { type Browser, type Json, PASSWORD, call, lastMail, signIn, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';
import { assign, askForInformation } from '../applications/support.js';
import { submittedApplication } from '../applications/assessment-support.js';
import { approvedProvider, holdCredential } from '../cpd/standards-support.js';
import { multipart, pdfBytes, withDefaultScheme, workItem } from '../portfolio/support.js';
import { insertOrganisation } from '../organisations/fixtures.js';
import { recruitingMatrixFixtures } from '../organisations/fixtures-recruiting.js';
import { proposalsMatrixFixtures } from '../events/proposals-fixtures.js';
import { registrationMatrixFixtures } from '../events/registration-fixtures.js';
import { checkedIn } from '../events/checkin-fixtures.js';
import { insertEvent, insertRegistration } from '../events/fixtures.js';
import { exhibitorMatrixFixtures } from '../events/exhibitors-matrix.js';

/*
 * The authorisation matrix: every operation of the OpenAPI document, called as every kind of caller, with
 * the expectation read from the operation's own declaration (x-access and security, from access() in
 * server/platform/http/zod-app.ts). Path parameters are real ids of one member's objects (the owner), so
 * another member, an assessor not assigned and a token without the scope are tried on real data.
 */

type Access = { public?: boolean; anyToken?: boolean; sessionOnly?: boolean; scope?: ApiScope[]; orScope?: ApiScope; roles?: Role[]; owner?: 'self' | 'object'; assigned?: boolean; openInDemo?: boolean };
type Operation = { method: string; path: string; id: string; access: Access | undefined; security: unknown; hasBody: boolean };
type CallerName = 'signedOut' | 'tokenLacking' | 'other' | 'assessor' | 'tokenHaving' | 'owner' | 'assigned' | 'schemeAdmin' | 'systemAdmin';

const methods = ['get', 'put', 'post', 'patch', 'delete'] as const;
const NEW_PASSWORD = 'another long passphrase 2026';

let app: TestApp;
let operations: Operation[] = [];
const people = {} as Record<'owner' | 'other' | 'assessor' | 'assigned' | 'schemeAdmin' | 'systemAdmin' | 'spare', Browser & { id: string; email: string }>;
const ids: Record<string, string> = {};
let recruiting: Awaited<ReturnType<typeof recruitingMatrixFixtures>>;
/** events/registration */
let registration: Awaited<ReturnType<typeof registrationMatrixFixtures>> | undefined;
/** events/exhibitors: a stand the owner staffs, with a lead. */
let exhibitorsFx: Awaited<ReturnType<typeof exhibitorMatrixFixtures>>;
/** events: the event (and a session of it) each part's fixtures made; the part's operations are tried on it. */
const eventFx: Record<'core' | 'proposals' | 'registration' | 'checkin' | 'closing', { eventId: string; sessionId: string; slug?: string }> = {} as never;

/**
 * The part an event operation belongs to, by its path. Check-in has its own event, whose roster holds no
 * registration of the owner's: the kit names everyone registered to the organisers and volunteers, a part in
 * one event the matrix has no caller for.
 */
function eventPartOf(path: string): keyof typeof eventFx {
  if (path.includes('/checkin/')) return 'checkin';
  if (/\/(close|attendance)\b/.test(path)) return 'closing';
  if (/\/(call|proposals|feedback)\b|event-proposals|event-sessions|event-calls|event-feedback/.test(path)) return 'proposals';
  if (/registration|waiting-list/.test(path)) return 'registration';
  return 'core';
}
/** Strings of the owner's that no one else may be answered: e-mail address and the ids of private objects. */
let ownerSecrets: string[] = [];
/** organisations/consent: an organisation the owner is on the staff of and shares credentials with. */
let consentOrganisationId = '';

// The owner administers an organisation, which makes them an employer_admin.
const rolesOf: Record<string, Role[]> = { owner: ['employer_admin'], other: [], assessor: ['assessor'], assigned: ['assessor'], schemeAdmin: ['scheme_admin'], systemAdmin: ['system_admin'] };

async function person(key: keyof typeof people, roles: Role[] = []) {
  const email = `${key.toLowerCase()}@example.org`;
  people[key] = { ...(await signedInUser(app, email, roles)), email };
}

/** An API token written as createApiToken would, with exactly these scopes (scopeNeeds aside: the hook is under test). */
const tokens = new Map<string, string>();
async function tokenOf(userId: string, scopes: readonly string[]): Promise<string> {
  const key = `${userId} ${[...scopes].sort().join(' ')}`;
  const known = tokens.get(key);
  if (known) return known;
  const token = `gh_${randomToken(32)}`;
  await app.platform.database.db
    .insertInto('api_tokens')
    .values({ id: newId(), user_id: userId, name: 'matrix', token_hash: sha256(token), prefix: token.slice(0, 10), scopes: JSON.stringify(scopes), created_at: app.clock.now().toISOString(), expires_at: null, last_used_at: null, revoked_at: null })
    .execute();
  tokens.set(key, token);
  return token;
}

let auditHeadDay = '';
beforeAll(async () => {
  app = await testApp();
  const { versionId } = await withDefaultScheme(app);
  const db = app.platform.database.db;
  await person('owner');
  await person('other');
  await person('assessor', ['assessor']);
  await person('assigned', ['assessor']);
  await person('schemeAdmin', ['scheme_admin']);
  await person('systemAdmin', ['system_admin']);
  await person('spare');
  const { owner, schemeAdmin } = people;
  const ok = (res: LightMyRequestResponse, status = 201) => {
    expect(res.statusCode, res.body).toBe(status);
    return res.json();
  };

  // The owner's portfolio item, evidence (a file), CPD activity, tracked credential and credential.
  ids.itemId = ok(await owner.req({ method: 'POST', url: '/api/v1/me/portfolio/items', payload: workItem() })).item.id;
  const upload = multipart({ title: 'Certificate', itemIds: ids.itemId as string }, { name: 'c.pdf', type: 'application/pdf', bytes: pdfBytes('owner') });
  ids.evidenceId = ok(await owner.req({ method: 'POST', url: '/api/v1/me/evidence', ...upload })).id;
  ids.activityId = ok(await owner.req({ method: 'POST', url: '/api/v1/me/cpd/activities', payload: activityBody })).id;
  ids.trackedId = ok(await owner.req({ method: 'POST', url: '/api/v1/me/cpd/tracked-credentials', payload: trackedBody })).id;
  ids.credentialId = await holdCredential(app, versionId, owner.id, '2025-11-01');
  // credentials/console: signed credentials of their own, so a status change and a re-issue can each succeed
  ids.consoleCredentialId = await holdCredential(app, versionId, owner.id, '2025-11-02');
  ids.reissueCredentialId = await holdCredential(app, versionId, owner.id, '2025-11-03');
  await app.services.credentials.issuing.issuePending({ ids: [ids.consoleCredentialId, ids.reissueCredentialId] });

  // An application in assessment with one assessor (not the one tried), who asked the owner a question.
  ids.applicationId = await submittedApplication(app, { applicantId: owner.id, levelId: 'member', versionId });
  await assign(app, ids.applicationId, [people.assigned.id]);
  ids.requestId = await askForInformation(app, ids.applicationId, people.assigned.id);

  // A provider the owner imports for, one import of theirs, and the owner's CPD audit.
  const provider = await approvedProvider(schemeAdmin, 'matrix', [{ code: 'MX1', type: 'training', title: 'Matrix course', hours: 2 }], [owner.email]);
  ids.providerId = provider.id;
  ids.importId = ok(await owner.req({ method: 'POST', url: '/api/v1/cpd/imports', payload: { providerId: provider.id, rows: [{ memberEmail: owner.email, activityCode: 'MX1', date: '2026-05-01' }] } })).id;
  ok(await schemeAdmin.req({ method: 'POST', url: '/api/v1/cpd/audits/sample', payload: { rate: 1, seed: 'matrix', targeted: false } }), 200);
  ids.auditId = (await db.selectFrom('cpd_audits').select('id').where('member_id', '=', owner.id).executeTakeFirstOrThrow()).id;

  // Register import: one finished import (a staff object, made as its job leaves it).
  ids.registerImportId = 'matrix-register-import';
  await db.insertInto('register_imports').values({ id: ids.registerImportId, uploaded_by: null, file_name: 'register.csv', file_sha256: 'matrix', scheme_version_id: versionId, status: 'done', error: null, job_id: null, created_at: '2026-05-01T00:00:00.000Z', updated_at: '2026-05-01T00:00:00.000Z', finished_at: '2026-05-01T00:00:00.000Z' }).execute();

  // Organisations: the owner administers one (spare is its line manager), with a pending invitation and a domain.
  {
    const created = ok(await schemeAdmin.req({ method: 'POST', url: '/api/v1/organisations', payload: { name: 'Matrix Employer', country: 'GB', adminEmail: owner.email } }));
    ids.organisationId = created.id;
    ids.slug = created.slug;
    const inviteToken = async (to: string) => decodeURIComponent(/\/organisations\/invites\/([^\s]+)/.exec((await lastMail(app, to)).text_body)?.[1] ?? '');
    ok(await owner.req({ method: 'POST', url: '/api/v1/organisation-invites/accept', payload: { token: await inviteToken(owner.email) } }), 200);
    ok(await owner.req({ method: 'POST', url: `/api/v1/organisations/${ids.organisationId}/invites`, payload: { email: people.spare.email, role: 'line_manager' } }));
    ok(await people.spare.req({ method: 'POST', url: '/api/v1/organisation-invites/accept', payload: { token: await inviteToken(people.spare.email) } }), 200);
    const invited = ok(await owner.req({ method: 'POST', url: `/api/v1/organisations/${ids.organisationId}/invites`, payload: { email: 'pending@matrix.example', role: 'hr' } }));
    ids.inviteId = invited.invites.find((i: Json) => i.email === 'pending@matrix.example').id;
    ok(await owner.req({ method: 'POST', url: `/api/v1/organisations/${ids.organisationId}/domains`, payload: { domain: 'matrix.example', email: 'it@matrix.example' } }), 200);
    ids.domain = 'matrix.example';
  }
  // organisations/employment and sponsorship, in the owner's organisation: the spare person's confirmed job there,
  // and the owner's own pending link, fee offer and suggested goal to answer.
  {
    const at = app.clock.now().toISOString();
    const orgId = ids.organisationId as string;
    const link = (member_id: string, item_id: string, status: 'pending' | 'confirmed') =>
      db.insertInto('employment_links').values({ id: newId(), member_id, item_id, organisation_id: orgId, status, requested_at: at, decided_at: null, decided_by: null, dispute_reason: null, confirmed_start_on: '2018-01-01', confirmed_end_on: null, confirmed_level: 4, confirmed_role_title: 'Service desk lead', ended_at: null }).returning('id').executeTakeFirstOrThrow();
    await link(people.spare.id, 'spare-item', 'confirmed');
    ids.linkId = (await link(owner.id, ok(await owner.req({ method: 'POST', url: '/api/v1/me/portfolio/items', payload: workItem() })).item.id, 'pending')).id;
    ids.freeItemId = ok(await owner.req({ method: 'POST', url: '/api/v1/me/portfolio/items', payload: workItem() })).item.id;
    ids.spareApplicationId = await submittedApplication(app, { applicantId: people.spare.id, levelId: 'member', versionId });
    ids.sponsorshipId = newId();
    const offered = await submittedApplication(app, { applicantId: owner.id, levelId: 'associate', versionId });
    await db.insertInto('sponsorships').values({ id: ids.sponsorshipId, organisation_id: orgId, member_id: owner.id, kind: 'application_fee', application_id: offered, note: null, status: 'offered', offered_by: schemeAdmin.id, offered_at: at, answered_at: null, paid_at: null, paid_by: null }).execute();
    ids.suggestionId = newId();
    await db.insertInto('cpd_goal_suggestions').values({ id: ids.suggestionId, organisation_id: orgId, member_id: owner.id, text: 'Matrix goal', by_on: null, status: 'suggested', suggested_by: schemeAdmin.id, suggested_at: at, answered_at: null }).execute();
  }

  await tokenOf(owner.id, ['account:read']);
  ids.tokenId = (await db.selectFrom('api_tokens').select('id').where('user_id', '=', owner.id).executeTakeFirstOrThrow()).id;
  ids.jobId = (await db.selectFrom('jobs').select('id').executeTakeFirstOrThrow()).id;
  ids.messageId = (await db.selectFrom('outbox').select('id').where('to_address', '=', owner.email).executeTakeFirstOrThrow()).id;
  ids.schemeId = (await db.selectFrom('schemes').select('key').executeTakeFirstOrThrow()).key;
  ids.versionId = versionId;


  // organisations/recruiting
  recruiting = await recruitingMatrixFixtures(app, versionId, owner.id, people.spare.id, ids.organisationId as string);

  // events/registration: the owner's registration of an event, its agenda and feed
  registration = await registrationMatrixFixtures(app, owner.id, owner.email, people.systemAdmin.id);
  eventFx.registration = { eventId: registration.values.eventId, sessionId: registration.values.sessionId, slug: registration.slug };
  for (const d of registration.destructive) destructive.add(d);

  // organisations/webhooks: an organisation the owner administers, with an endpoint and one delivery.
  {
    const at = new Date().toISOString();
    ids.endpointId = ok(await owner.req({ method: 'POST', url: `/api/v1/organisations/${ids.organisationId}/webhooks`, payload: bodies().createWebhookEndpoint as Json })).id as string;
    ids.deliveryId = `msg_${newId()}`;
    await db.insertInto('webhook_deliveries').values({ id: ids.deliveryId, endpoint_id: ids.endpointId as string, organisation_id: ids.organisationId as string, event_type: 'credential.suspended', member_id: null, body: '{}', status: 'failed', attempts: 1, next_attempt_at: at, retry_until: at, locked_until: null, by_hand: 0, last_status_code: 500, last_error: null, delivered_at: null, created_at: at }).execute();
  }

  // events/core: a published event of the system administrator's (an organiser), with its rooms, tracks, tickets and sessions.
  {
    const ev = await insertEvent(app, { createdBy: people.systemAdmin.id });
    Object.assign(ids, { eventId: ev.id, roomId: ev.rooms[0], trackId: ev.tracks[0], ticketTypeId: ev.tickets.member, sessionId: ev.sessions[0] });
    eventFx.core = { eventId: ev.id, sessionId: ev.sessions[0] as string, slug: ev.slug };
  }

  // events/exhibitors
  exhibitorsFx = await exhibitorMatrixFixtures(app, people, ids.eventId);
  ids.eventId ??= exhibitorsFx.eventId;

  // organisations/consent: an organisation the owner works for (HR) and shares credentials with.
  consentOrganisationId = await insertOrganisation(app, 'Matrix Consent', { staff: [{ userId: owner.id, role: 'hr' }] });
  const at = app.clock.now().toISOString();
  await db.insertInto('consent_grants').values({ id: newId(), member_id: owner.id, organisation_id: consentOrganisationId, scope: 'credentials', text: 'matrix', text_version: 'matrix', granted_at: at, revoked_at: null }).execute();

  // events/proposals: an event with an open call, the owner's proposal and a session.
  {
    const { proposalId, ...fx } = await proposalsMatrixFixtures(app, owner.id, people.systemAdmin.id);
    ids.proposalId = proposalId;
    eventFx.proposals = fx;
  }
  // events/checkin: an event (an organiser's: the system administrator) with a door check-in to undo.
  {
    const event = await insertEvent(app, { createdBy: people.systemAdmin.id, title: 'Matrix Check-in' });
    const reg = await insertRegistration(app, event, { id: people.spare.id, email: people.spare.email });
    const done = await checkedIn(app, people.systemAdmin, event, reg.code);
    eventFx.checkin = { eventId: event.id, sessionId: event.sessions[0] as string };
    ids.checkinId = done.checkinId;
    ids.checkinListId = done.listId;
  }
  // events/closing: an event (with a session) the owner registered for; it has not begun, so closing it is refused by date.
  {
    const ev = await insertEvent(app, { createdBy: people.systemAdmin.id, title: 'Matrix Closing', sessions: 1 });
    await insertRegistration(app, ev, { id: owner.id, email: owner.email });
    eventFx.closing = { eventId: ev.id, sessionId: ev.sessions[0] as string };
  }
  // privacy: an archive of the owner's data, asked for (its job is not run here).
  {
    ids.exportId = newId();
    const at = app.clock.now().toISOString();
    await db.insertInto('data_exports').values({ id: ids.exportId, user_id: owner.id, requested_by: owner.id, status: 'queued', job_id: null, token_hash: 'matrix', size: null, error: null, created_at: at, ready_at: null, expires_at: null }).execute();
  }

  ownerSecrets = [owner.email, ...['inviteId', 'itemId', 'evidenceId', 'activityId', 'trackedId', 'applicationId', 'requestId', 'importId', 'auditId', 'tokenId'].map((k) => ids[k] as string)];
  ownerSecrets.push(...(registration?.secrets ?? [])); // events/registration

  const res = await call(app, { method: 'GET', url: '/api/v1/openapi.json' });
  const doc = res.json();
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const method of methods) {
      const op = item[method];
      if (op) operations.push({ method: method.toUpperCase(), path, id: op.operationId, access: op['x-access'], security: op.security, hasBody: Boolean(op.requestBody) });
    }
  }
  // Operations that end or change what the others use run last, each after the callers it must refuse.
  operations = [...operations.filter((o) => !destructive.has(o.id)), ...operations.filter((o) => destructive.has(o.id))];
  // audit log: today's signed head, so getLatestAuditHead and getAuditHead have one to answer
  auditHeadDay = (await app.services.auditLog.signTodaysHead()).day;
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const activityBody = {
  type: 'training',
  title: 'Problem management course',
  occurredOn: '2026-05-10',
  hours: 7.5,
  provider: 'Acme Training',
  learned: 'Kepner-Tregoe analysis',
  apply: 'In our next review',
  details: { format: 'classroom' },
};
const trackedBody = { name: 'Project Professional', issuer: 'A PM institute', ruleSetKey: 'project-management', cycleStart: '2026-01-01' };

const destructive = new Set([
  'signOut',
  'deleteWebhookEndpoint',
  'deleteCpdActivity',
  'deletePortfolioItem',
  'revokeApiToken',
  'removeTrackedCredential',
  'withdrawApplication',
  'suspendCredential',
  'reinstateCredential',
  'revokeCredential',
  'removeCpdProviderUser',
  'suspendCpdProvider',
  'reactivateCpdProvider',
  'rotateIssuerKey',
  'retireIssuerKey',
  'unlinkHolderDid',
  'declareConflict',
  'removeOrganisationPerson',
  'revokeOrganisationInvite',
  'removeOrganisationDomain',
  // A confirmation makes the owner the organisation's staff (who then sees their applications); ending comes last.
  'confirmEmployment',
  'disputeEmployment',
  'endEmployment',
  // events/exhibitors
  'removeExhibitorStaff',
  'removeExhibitor',
]);

/** Bodies valid enough to reach the service, so that ownership is what refuses a caller (not validation). */
const bodies = (): Record<string, unknown> => ({
  signUp: { email: 'newcomer@example.org', name: 'Newcomer', password: NEW_PASSWORD },
  verifyEmail: { token: 'not-a-real-token-0000' },
  importRegister: { rows: [{ name: 'Matrix Holder', email: 'matrix-holder@example.org', level: 'member', awardedOn: '2020-01-01', reviewOn: '2030-01-01', externalId: 'M-1' }] },
  resendVerification: { email: 'nobody@example.org' },
  signIn: { email: 'nobody@example.org', password: 'not the password' },
  requestPasswordReset: { email: 'nobody@example.org' },
  resetPassword: { token: 'not-a-real-token-0000', password: NEW_PASSWORD },
  updateProfile: { country: 'GB' },
  grantConsent: { organisationId: consentOrganisationId, scopes: ['credentials'] }, // organisations/consent
  changePassword: { currentPassword: 'not the password', newPassword: NEW_PASSWORD },
  createApiToken: { name: 'matrix', scopes: ['account:read'], currentPassword: PASSWORD },
  setUserStatus: { status: 'active' },
  logCpdActivity: activityBody,
  updateCpdActivity: activityBody,
  addTrackedCredential: trackedBody,
  updateCpdPlan: { goals: [{ text: 'Learn problem management' }], planned: [], reminders: [] },
  importCpdCredits: { providerId: ids.providerId, rows: [{ memberEmail: people.owner.email, activityCode: 'MX1', date: '2026-05-02' }] },
  createCpdProvider: { slug: 'another', name: 'Another provider' },
  addCpdProviderCode: { code: 'MX2', type: 'training', title: 'Another course', hours: 1 },
  addCpdProviderUser: { email: people.spare.email },
  suspendCpdProvider: { reason: 'Matrix' },
  startAuditDraw: { rate: 0, seed: 'again' },
  addTargetedAudit: { email: 'nobody@example.org', reason: 'Matrix check' },
  // schemes: the form's check and save (a new draft each time; drafts change nothing for members)
  checkSchemeDraft: { content: loadDefaultScheme() },
  saveSchemeDraft: { content: { ...loadDefaultScheme(), version: '2099.1' } },
  submitAuditEvidence: { items: [{ activityId: ids.activityId, evidenceIds: [], note: 'Certificate on file' }] },
  reviewAuditActivity: { decision: 'accept' },
  suspendCredential: { reason: 'Matrix' },
  reinstateCredential: { reason: 'Matrix' },
  revokeCredential: { reason: 'Matrix' },
  // credentials/console
  changeCredentialStatus: { to: 'suspended', reason: 'Matrix' },
  reissueCredential: { reason: 'Matrix' },
  linkHolderDid: { did: 'did:web:holder.example' },
  addPortfolioItem: workItem(),
  updatePortfolioItem: workItem(),
  uploadEvidence: { title: 'A link', url: 'https://example.org/proof', itemIds: [ids.itemId] },
  evaluateWhatIf: { items: [] },
  updateRegisterListing: { listed: false, showCountry: false },
  checkCredentials: { credentialIds: [ids.credentialId] },
  submitApplication: { levelId: 'member', ethicsAccepted: true, declaredTrue: true },
  withdrawApplication: {},
  nominateMember: { nomineeEmail: people.spare.email, levelId: 'fellow', statement: 'A fine member' },
  respondToInformationRequest: { response: 'Here is more', evidenceIds: [] },
  appealDecision: { grounds: 'The evidence was misread' },
  scoreApplication: { scores: ['education', 'certifications', 'experience', 'responsibility', 'contribution'].map((categoryId) => ({ categoryId, score: 2, notes: 'Checked' })) },
  requestMoreInformation: { question: 'Which changes did you approve?' },
  declareConflict: { reason: 'I know the applicant' },
  recommendDecision: { outcome: 'decline', reasons: 'Not yet' },
  decideApplication: { outcome: 'decline', reasons: 'Not yet' },
  decideAppeal: { uphold: true, reasons: 'The decision stands' },
  verifyCredential: { url: 'https://example.org/credentials/none' },
  createOrganisation: { name: 'Matrix Created', country: 'GB', adminEmail: 'first@matrix.example' },
  requestOrganisation: { name: 'Matrix Requested', country: 'GB' },
  declineOrganisation: { reason: 'Matrix' },
  updateOrganisation: { description: 'Matrix' },
  addOrganisationDomain: { domain: 'matrix.example', email: 'it@matrix.example' },
  verifyOrganisationDomain: { token: 'not-a-real-token-0000' },
  inviteOrganisationAdmin: { email: 'colleague@matrix.example', role: 'hr' },
  acceptOrganisationInvite: { token: 'not-a-real-token-0000' },
  changeOrganisationRole: { role: 'hr' },
  createWebhookEndpoint: { url: 'https://93.184.215.14/hook', events: ['credential.suspended'] },
  updateWebhookEndpoint: { enabled: true },
  // organisations/employment and sponsorship
  linkEmployment: { itemId: ids.freeItemId, organisationId: ids.organisationId },
  disputeEmployment: { reason: 'Matrix' },
  offerSponsorship: { kind: 'application_fee', applicationId: ids.spareApplicationId },
  suggestCpdGoal: { memberId: people.spare.id, text: 'Matrix goal' },
  // organisations/recruiting
  contactCandidate: { subject: 'A role', body: 'A message long enough to be relayed.' },
  replyToContact: { body: 'Thank you' },
  reportContactAbuse: { token: recruiting.reportToken, reason: 'Unwanted' },
  setOrganisationMessaging: { suspended: false },
  // events/proposals
  openCallForPresentations: { closesAt: '2027-01-31T23:59:00Z', guidance: 'Matrix', formats: ['talk'] },
  submitProposal: { title: 'Matrix talk', abstract: 'A matrix talk long enough to be an abstract.', format: 'talk', level: 'introductory' },
  updateProposal: { title: 'Matrix talk, changed' },
  reviewProposal: { score: 3, comment: 'Matrix' },
  decideProposal: { outcome: 'reject' },
  getSpeakingInvitation: { token: 'not-a-real-speaker-token-0000' },
  confirmSpeaking: { token: 'not-a-real-speaker-token-0000' },
  declineSpeaking: { token: 'not-a-real-speaker-token-0000' },
  submitSessionFeedback: { rating: 4, comment: 'Matrix' },
  // events/registration
  ...registration?.bodies,
  // events/checkin
  checkIn: { listId: ids.checkinListId, reference: 'ZZZZ-ZZZZ', nonce: 'matrix-check-in-nonce', scanner: 'matrix', scannedAt: '2026-01-01T09:00:00Z' },
  undoCheckIn: { reason: 'Matrix undo' },
  // events/exhibitors
  addExhibitor: { name: 'Matrix Added', kind: 'sponsor', tier: 'silver' },
  updateExhibitor: { stand: 'M2' },
  addExhibitorStaff: { email: 'stand-matrix@example.org', name: 'Stand Matrix' },
  recordLead: { code: exhibitorsFx?.reference ?? 'ABCD-EFGH' },
  noteLead: { note: 'Matrix' },
  // events/core
  createEvent: { title: 'Matrix Event', summary: 'Matrix', kind: 'webinar', format: 'online', startsOn: '2027-03-10', endsOn: '2027-03-10', timeZone: 'Europe/London', joinUrl: 'https://meet.example.com/matrix' },
  addRoom: { name: 'Matrix room', capacity: 10 },
  addTrack: { name: 'Matrix track' },
  addTicketType: { name: 'Matrix ticket', kind: 'day', priceMinor: 0, days: ['2027-03-10'] },
  addEventTeamMember: { email: 'spare@example.org', role: 'volunteer' },
  addSession: { title: 'Matrix session', abstract: 'Matrix', format: 'talk', day: '2027-03-11', startTime: '16:00', endTime: '17:00' },
});

/** The owner's object behind each path parameter. */
function urlOf(op: Operation, caller: CallerName): string {
  const values: Record<string, string> = {
    ...ids,
    token: 'not-a-real-reference-token-0000',
    userId: op.id === 'removeCpdProviderUser' ? people.owner.id : people.spare.id,
    role: 'assessor',
    listId: 'no-such-list',
    levelFile: 'member.svg',
    levelId: 'member',
    number: '1',
    // organisations/recruiting
    candidateId: recruiting.candidateId,
    contactId: recruiting.contactId,
    // events/registration
    ...registration?.values,
    // events/exhibitors
    exhibitorId: exhibitorsFx.exhibitorId,
    leadId: exhibitorsFx.leadId,
    // audit log heads
    day: auditHeadDay,
    // events: each part's operations on the event its fixtures made (a slug in an event path is that event's)
    ...eventFx[eventPartOf(op.path)],
    ...(/event/.test(op.path) && eventFx[eventPartOf(op.path)].slug ? { slug: eventFx[eventPartOf(op.path)].slug as string } : {}),
  };
  // credentials/console: the console's changes act on a credential of their own
  if (op.id === 'changeCredentialStatus') values.credentialId = ids.consoleCredentialId as string;
  if (op.id === 'reissueCredential') values.credentialId = ids.reissueCredentialId as string;
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`no fixture for the path parameter ${name} of ${op.id}`);
    return encodeURIComponent(v);
  });
  // A scheme administrator's queue is every open application (an assessor's, their assignments).
  const all = op.id === 'listAssessmentQueue' && (caller === 'schemeAdmin' || (caller.startsWith('token') && tokenUser(op) === people.schemeAdmin));
  const query: Record<string, string> = { previewApplication: 'levelId=member', searchRegister: 'q=owner', verifyCredentialById: `credential=${ids.credentialId}` };
  return all ? `${path}?scope=all` : query[op.id] ? `${path}?${query[op.id]}` : path;
}
/** Path parameters that name an object of the owner's. */
const ownedParams = /\{(applicationId|requestId|activityId|trackedId|tokenId|evidenceId|importId|auditId|organisationId|inviteId)\}/;

type Expectation = 'allowed' | 'forbidden' | 'unauthenticated' | 'scope' | 'skip';

/** What the declaration says of a caller. `leak`: a 2xx answer must hold nothing of the owner's. */
function expectationOf(op: Operation, caller: CallerName): { expect: Expectation; leak: boolean } {
  const a = op.access ?? {};
  // A public answer may show what the owner made public (a credential), never their e-mail or private objects.
  if (a.public) return { expect: caller === 'tokenLacking' || caller === 'tokenHaving' ? 'skip' : 'allowed', leak: ['signedOut', 'other', 'assessor'].includes(caller) };
  if (caller === 'signedOut') return { expect: 'unauthenticated', leak: false };
  if (caller === 'tokenLacking') return { expect: 'scope', leak: false };
  if (caller === 'tokenHaving') return { expect: a.sessionOnly ? 'skip' : 'allowed', leak: false };
  const roles = (rolesOf[caller] ?? []).filter((r) => a.roles?.includes(r) && !(r === 'assessor' && a.assigned && caller !== 'assigned'));
  if (roles.length) return { expect: 'allowed', leak: false };
  if (caller === 'owner') return { expect: a.owner || !a.roles ? 'allowed' : 'forbidden', leak: false };
  if (!a.owner) return { expect: a.roles ? 'forbidden' : 'allowed', leak: true };
  // Someone else's object named in the path is refused; otherwise the caller is answered their own.
  return { expect: ownedParams.test(op.path) ? 'forbidden' : 'allowed', leak: true };
}

/** The user whose token is tried: one the declaration allows. */
function tokenUser(op: Operation) {
  const a = op.access ?? {};
  if (a.owner || !a.roles || a.anyToken) return people.owner;
  if (a.roles.includes('scheme_admin')) return people.schemeAdmin;
  if (a.roles.includes('system_admin')) return people.systemAdmin;
  return people.assessor;
}

async function callAs(op: Operation, caller: CallerName): Promise<LightMyRequestResponse> {
  const body = op.hasBody || ['POST', 'PUT', 'PATCH'].includes(op.method) ? (bodies()[op.id] ?? (op.hasBody ? {} : undefined)) : undefined;
  const opts = { method: op.method as 'GET', url: urlOf(op, caller), ...(body !== undefined ? { payload: body as Json } : {}) };
  if (caller === 'signedOut') return call(app, opts);
  if (caller === 'tokenLacking' || caller === 'tokenHaving') {
    const a = op.access ?? {};
    const needed = new Set([...(a.scope ?? []), ...(a.orScope ? [a.orScope] : [])]);
    const scopes = caller === 'tokenHaving' ? [...(a.scope ?? [])] : apiScopes.filter((s) => !needed.has(s));
    return call(app, { ...opts, headers: { authorization: `Bearer ${await tokenOf(tokenUser(op).id, scopes)}` } });
  }
  const who = people[caller];
  // Signing out ends the session: each caller signs out of a session of its own.
  const b = op.id === 'signOut' ? await signIn(app, who.email) : who;
  return b.req(opts);
}

/** Refused for want of access (sign-in, scope, session or role), as opposed to an answer about the object. */
function refusedForAccess(res: LightMyRequestResponse): boolean {
  if (res.statusCode !== 401 && res.statusCode !== 403) return false;
  const e = res.json().error ?? {};
  return e.code === 'NOT_AUTHENTICATED' || (res.statusCode === 403 && Boolean(e.details?.requiredScope || e.details?.requiredRoles || e.details?.sessionOnly));
}

const callers: CallerName[] = ['signedOut', 'tokenLacking', 'other', 'assessor', 'tokenHaving', 'owner', 'assigned', 'schemeAdmin', 'systemAdmin'];

describe('the authorisation matrix, from the OpenAPI document', () => {
  it('every operation declares its access, and security says the same', () => {
    expect(operations.length).toBeGreaterThan(90);
    for (const op of operations) {
      const a = op.access;
      expect(a, `${op.id} (${op.method} ${op.path}) declares no access: add ...access({...}) or ...publicAccess to its schema`).toBeDefined();
      if (a?.public) expect(op.security, op.id).toEqual([]);
      else if (a?.sessionOnly) expect(op.security, op.id).toEqual([{ session: [] }]);
      else {
        expect(a?.scope?.length, `${op.id} names the scope a token needs`).toBeGreaterThan(0);
        expect(op.security, op.id).toEqual([{ session: [] }, { bearer: a?.scope }, ...(a?.orScope ? [{ bearer: [a.orScope] }] : [])]);
      }
    }
  });

  it('every caller of every operation is answered as declared', async () => {
    const problems: string[] = [];
    const succeeded = new Set<string>();
    for (const op of operations) {
      for (const caller of callers) {
        const { expect: want, leak } = expectationOf(op, caller);
        if (want === 'skip') continue;
        const res = await callAs(op, caller);
        const s = res.statusCode;
        const where = `${op.id} (${op.method} ${op.path}) as ${caller}: ${s} ${res.body.slice(0, 200)}`;
        if (s >= 500) problems.push(`${where} — a server error`);
        else if (want === 'unauthenticated' && s !== 401) problems.push(`${where} — expected 401`);
        else if (want === 'scope' && !(s === 403 && (res.json().error?.details?.requiredScope || res.json().error?.details?.sessionOnly)))
          problems.push(`${where} — expected 403 naming the missing scope`);
        else if (want === 'forbidden' && ![401, 403, 404].includes(s)) problems.push(`${where} — expected 403 or 404`);
        else if (want === 'allowed' && refusedForAccess(res)) problems.push(`${where} — refused, though the declaration allows it`);
        if (leak && s < 300 && ownerSecrets.some((x) => x && res.body.includes(x))) problems.push(`${where} — answered with the owner's data`);
        if (want === 'scope') expect(res.json().error.message, where).toMatch(/scope|browser session/);
        if (s < 300) succeeded.add(op.id);
      }
    }
    expect(problems).toEqual([]);
    // The fixtures are real: nearly every operation succeeds for someone (the rest need a state or a secret link).
    const never = operations.filter((o) => !succeeded.has(o.id)).map((o) => o.id);
    expect(never.length, `never succeeded: ${never.join(', ')}`).toBeLessThan(operations.length / 4);
  }, 240_000);
});
