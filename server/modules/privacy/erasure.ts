import { createHash } from 'node:crypto';
import type { Db, Tx } from '../../db/database.js';
import { type AuditContext, audit } from '../../platform/audit.js';
import { changeCredentialStatus } from '../credentials/status/status.service.js';
import { revokeIn } from '../events/closing/issue.js';
import { bumpRevision } from '../organisations/consent/consent.repository.js';
import { refreshCandidate } from '../organisations/recruiting/candidates.repository.js';
import { refreshRegisterEntry } from '../register/index.js';
import { deleteEvidence } from './stored-files.js';

/*
 * Erasing a member: every step is idempotent, so a restore from an older backup can run them all again
 * (reapplyErasures) and a second run changes nothing. The audit log is append-only and is not rewritten:
 * its entries name the member by id, and that id now shows the pseudonym.
 */

export type ErasureRecord = { id: string; user_id: string; pseudonym: string; at: string; by: string | null; reason: string };
export type ErasureOutcome = { changed: boolean; revokedCredentials: number; deletedEvidence: number; filesToRemove: string[] };

/** What is kept on purpose, and why: said in the answer and the audit entry. */
export const keptOnErasure = [
  'Applications with their fees (amount and date paid): kept for the accounts, as the law requires; their frozen portfolio snapshot is removed.',
  'Fee sponsorships by employers: kept for the accounts.',
  'The audit log: append-only; its entries refer to the member by id, which now shows the pseudonym.',
  'Credential records (level, dates, revoked status): kept so that anyone checking a credential learns it was revoked.',
];

/** A pseudonym that says nothing of the person: "Erased member" and a short random-looking code. */
export function pseudonymFor(userId: string, salt: string): string {
  return `Erased member ${createHash('sha256').update(`${salt}:${userId}`).digest('hex').slice(0, 10)}`;
}
export const erasedEmail = (pseudonym: string) => `${pseudonym.toLowerCase().replace(/\s+/g, '-')}@erased.invalid`;

const n = (r: { numUpdatedRows?: bigint; numDeletedRows?: bigint } | undefined) => Number(r?.numUpdatedRows ?? r?.numDeletedRows ?? 0n);

/** Replaces every occurrence of the person's strings inside a JSON text (names and addresses inside kept records). */
function scrub(json: string, strings: readonly string[], replacement: string): string {
  let out = json;
  for (const s of strings) {
    if (s.length < 3) continue;
    const escaped = JSON.stringify(s).slice(1, -1);
    out = out.split(escaped).join(replacement);
  }
  return out;
}

/**
 * Applies one erasure in the caller's transaction. Blobs of evidence files are deleted by the caller after
 * the commit (filesToRemove: files nothing else refers to any more).
 */
export async function applyErasure(tx: Tx, e: ErasureRecord, by: AuditContext, now: Date): Promise<ErasureOutcome> {
  const at = now.toISOString();
  const user = await tx.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', e.user_id).executeTakeFirst();
  if (!user) return { changed: false, revokedCredentials: 0, deletedEvidence: 0, filesToRemove: [] };
  const email = erasedEmail(e.pseudonym);
  const personal = user.email === email ? [] : [user.name, user.email];
  let changed = 0;

  // Credentials: revoked through the one way a status changes (status bit, register, webhooks).
  const live = await tx.selectFrom('credentials').select('id').where('holder_id', '=', user.id).where('status', '!=', 'revoked').execute();
  for (const c of live) await changeCredentialStatus(tx, c.id, 'revoked', 'Erased at the holder’s request', by, now);
  changed += live.length;

  // Credentials of attendance: revoked on their own status lists (events/closing's revokeIn).
  const attendance = await tx.selectFrom('event_attendance_credentials').select(['id', 'revocation_list_id']).where('user_id', '=', user.id).where('revoked_at', 'is', null).execute();
  if (attendance.length) await revokeIn(tx, attendance.map((a) => ({ ...a, reason: 'erased at the holder’s request' })), now);
  changed += attendance.length;

  // Off the register and out of candidate search.
  changed += n(await tx.deleteFrom('register_listings').where('holder_id', '=', user.id).executeTakeFirst());

  // Evidence and its links; files go when nothing else refers to them.
  const ids = (await tx.selectFrom('evidence').select('id').where('member_id', '=', user.id).execute()).map((r) => r.id);
  const filesToRemove = await deleteEvidence(tx, ids);
  changed += ids.length;

  // Portfolio, plans, suggested goals, employment links: personal and not needed by anyone else.
  changed += n(await tx.deleteFrom('employment_links').where('member_id', '=', user.id).executeTakeFirst());
  const items = await tx.selectFrom('portfolio_items').select('id').where('member_id', '=', user.id).execute();
  if (items.length) {
    await tx.deleteFrom('evidence_links').where('item_id', 'in', items.map((i) => i.id)).execute();
    await tx.deleteFrom('portfolio_items').where('member_id', '=', user.id).execute();
    changed += items.length;
  }
  changed += n(await tx.deleteFrom('cpd_plans').where('member_id', '=', user.id).executeTakeFirst());
  changed += n(await tx.deleteFrom('cpd_goal_suggestions').where('member_id', '=', user.id).executeTakeFirst());
  changed += n(await tx.deleteFrom('holder_dids').where('user_id', '=', user.id).executeTakeFirst());

  // CPD activities keep their dates and hours (audits and standing refer to them), not their words.
  changed += n(
    await tx
      .updateTable('cpd_activities')
      .set({ title: 'Erased', provider: null, learned: null, apply: null, details: '{}', updated_at: at })
      .where('member_id', '=', user.id)
      .where('title', '!=', 'Erased')
      .executeTakeFirst(),
  );
  await tx.updateTable('cpd_audit_items').set({ member_note: null }).where('audit_id', 'in', tx.selectFrom('cpd_audits').select('id').where('member_id', '=', user.id)).execute();
  await tx.updateTable('contact_messages').set({ reply_body: null, reply_email: null }).where('member_id', '=', user.id).execute();

  // Applications are kept for their fees; the frozen snapshot goes and the person's strings are replaced.
  const apps = await tx.selectFrom('applications').select(['id', 'data', 'snapshot']).where('applicant_id', '=', user.id).execute();
  for (const a of apps) {
    const data = scrub(a.data, personal, e.pseudonym);
    if (data !== a.data || a.snapshot !== null) {
      await tx.updateTable('applications').set({ data, snapshot: null }).where('id', '=', a.id).execute();
      changed += 1;
    }
  }

  // Event records keep the place taken, under the pseudonym.
  for (const table of ['event_registrations', 'event_waitlist', 'event_speakers'] as const) {
    changed += n(await tx.updateTable(table).set({ name: e.pseudonym, email }).where('user_id', '=', user.id).where('email', '!=', email).executeTakeFirst());
  }
  await tx.updateTable('event_speakers').set({ bio: null }).where('user_id', '=', user.id).execute();

  // Consents end: sharing with organisations (their team views refresh by revision) and this module's.
  const grants = await tx.selectFrom('consent_grants').select(['id', 'organisation_id']).where('member_id', '=', user.id).where('revoked_at', 'is', null).execute();
  if (grants.length) {
    await tx.updateTable('consent_grants').set({ revoked_at: at }).where('id', 'in', grants.map((g) => g.id)).execute();
    for (const org of new Set(grants.map((g) => g.organisation_id))) await bumpRevision(tx, org, grants.filter((g) => g.organisation_id === org).map((g) => g.id));
    changed += grants.length;
  }
  await tx.updateTable('consents').set({ withdrawn_at: at }).where('user_id', '=', user.id).where('withdrawn_at', 'is', null).execute();

  // Signing in ends; mail to the old address is forgotten.
  await tx.deleteFrom('sessions').where('user_id', '=', user.id).execute();
  await tx.deleteFrom('api_tokens').where('user_id', '=', user.id).execute();
  await tx.deleteFrom('one_time_tokens').where('user_id', '=', user.id).execute();
  if (user.email !== email) await tx.deleteFrom('outbox').where('to_address', '=', user.email).execute();

  // The person's own fields, last: the pseudonym is what every id now shows.
  changed += n(
    await tx
      .updateTable('users')
      .set({ name: e.pseudonym, email, password_hash: null, email_verified_at: null, status: 'disabled', country: null, updated_at: at })
      .where('id', '=', user.id)
      .where('email', '!=', email)
      .executeTakeFirst(),
  );
  await refreshRegisterEntry(tx, user.id, now);
  await refreshCandidate(tx, user.id, now);
  return { changed: changed > 0, revokedCredentials: live.length + attendance.length, deletedEvidence: ids.length, filesToRemove };
}

/** Every recorded erasure, oldest first. */
export function erasuresOf(q: Db | Tx) {
  return q.selectFrom('erasures').selectAll().orderBy('at').orderBy('id').execute();
}

export async function auditErasure(tx: Tx, by: AuditContext, e: ErasureRecord, o: ErasureOutcome, action: 'privacy.member_erased' | 'privacy.erasure_reapplied', now: Date) {
  await audit(tx, by, { action, subjectType: 'user', subjectId: e.user_id, details: { erasureId: e.id, pseudonym: e.pseudonym, revokedCredentials: o.revokedCredentials, deletedEvidence: o.deletedEvidence } }, now);
}
