import type { Database } from '../../db/schema.js';
import type { Db } from '../../db/database.js';

/*
 * Where a member's own data lives: each table with the column naming them, and the columns never handed
 * out (secrets that would let someone act as them). A new table holding members' data belongs here, so
 * the subject-access archive stays whole.
 */
type Source = { table: keyof Database; by: string; omit?: readonly string[] };

export const memberTables: readonly Source[] = [
  { table: 'users', by: 'id', omit: ['password_hash'] },
  { table: 'user_roles', by: 'user_id' },
  { table: 'sessions', by: 'user_id', omit: ['id', 'csrf_token'] },
  { table: 'api_tokens', by: 'user_id', omit: ['token_hash'] },
  { table: 'portfolio_items', by: 'member_id' },
  { table: 'evidence', by: 'member_id' },
  { table: 'applications', by: 'applicant_id' },
  { table: 'credentials', by: 'holder_id' },
  { table: 'holder_dids', by: 'user_id' },
  { table: 'register_listings', by: 'holder_id' },
  { table: 'cpd_activities', by: 'member_id' },
  { table: 'cpd_tracked_credentials', by: 'member_id' },
  { table: 'cpd_plans', by: 'member_id' },
  { table: 'cpd_audits', by: 'member_id' },
  { table: 'cpd_credential_states', by: 'member_id' },
  { table: 'employment_links', by: 'member_id' },
  { table: 'sponsorships', by: 'member_id' },
  { table: 'cpd_goal_suggestions', by: 'member_id' },
  { table: 'consent_grants', by: 'member_id' },
  { table: 'consents', by: 'user_id' },
  { table: 'contact_messages', by: 'member_id' },
  { table: 'event_registrations', by: 'user_id' },
  { table: 'event_waitlist', by: 'user_id' },
  { table: 'event_speakers', by: 'user_id' },
  { table: 'event_attendance', by: 'user_id' },
  { table: 'event_session_feedback', by: 'user_id' },
  { table: 'event_attendance_credentials', by: 'user_id', omit: ['jsonld'] },
  { table: 'data_exports', by: 'user_id', omit: ['token_hash'] },
];

/** JSON text columns are handed out as the values they hold, not as strings of JSON. */
function expand(row: Record<string, unknown>, omit: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (omit.includes(k)) continue;
    if (typeof v === 'string' && (v.startsWith('{') || v.startsWith('['))) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // plain text that happens to start with a bracket
      }
    }
    out[k] = v;
  }
  return out;
}

/** Every row of the member's, table by table. */
export async function memberRows(db: Db, memberId: string): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const s of memberTables) {
    // Table and column names come from the list above, never from input.
    const rows = (await (db as any).selectFrom(s.table).selectAll().where(s.by, '=', memberId).execute()) as Record<string, unknown>[];
    out[s.table] = rows.map((r) => expand(r, s.omit ?? []));
  }
  return out;
}

/**
 * Who saw the member's data: organisations' views through consent (who, which organisation, what, when)
 * and what staff did about them or their objects (credentials, applications, audits) in the audit log.
 */
export async function whoSaw(db: Db, memberId: string, objectIds: readonly string[]) {
  const views = await db
    .selectFrom('consent_view_members as m')
    .innerJoin('consent_views as v', 'v.id', 'm.view_id')
    .innerJoin('organisations as o', 'o.id', 'v.organisation_id')
    .innerJoin('users as u', 'u.id', 'v.viewer_id')
    .select(['m.viewed_at', 'o.name as organisation', 'u.name as viewer', 'v.operation', 'm.scopes'])
    .where('m.member_id', '=', memberId)
    .orderBy('m.viewed_at', 'desc')
    .execute();
  const staff = await db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select(['a.at', 'a.action', 'a.subject_type', 'a.subject_id', 'u.name as actor', 'a.details'])
    .where('a.subject_id', 'in', [memberId, ...objectIds])
    .where((eb) => eb.or([eb('a.actor_id', 'is', null), eb('a.actor_id', '!=', memberId)]))
    .orderBy('a.at', 'desc')
    .execute();
  return {
    organisationViews: views.map((v) => ({ at: v.viewed_at, organisation: v.organisation, viewer: v.viewer, operation: v.operation, scopes: v.scopes.split(' ') })),
    staffActions: staff.map((s) => ({ at: s.at, action: s.action, by: s.actor ?? 'the system', subject: `${s.subject_type ?? ''}:${s.subject_id ?? ''}`, details: JSON.parse(s.details) as unknown })),
  };
}
