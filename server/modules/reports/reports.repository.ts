import { sql } from 'kysely';
import type { DbHandle } from '../../db/database.js';

/*
 * The reports' SQL: every query counts and groups in the database (indexes from migration 0030), so what
 * crosses to the process is a few hundred rows whatever the size of the register. Times are ISO-8601 text, so
 * a month is its first seven characters on both dialects and a period is a text range [from, toExclusive).
 */

export interface Period {
  from: string;
  /** The day after the period's last day: every time in the period sorts before it. */
  toExclusive: string;
  now: string;
}

const num = (v: unknown) => Number(v ?? 0);

export function reportsRepository(handle: DbHandle) {
  const db = handle.db;
  const pg = handle.dialect === 'postgres';
  const jsonText = (field: string) => (pg ? sql<string | null>`(details::json ->> ${field})` : sql<string | null>`json_extract(details, ${`$.${field}`})`);
  const month = (col: string) => sql<string>`substr(${sql.ref(col)}, 1, 7)`;

  return {
    /** Credentials awarded per level and month, up to the period's end. */
    async awardsByLevelMonth(p: Period) {
      const rows = await db
        .selectFrom('credentials')
        .select(['level_id', 'level_name', month('awarded_at').as('month'), (eb) => eb.fn.countAll().as('n')])
        .where('awarded_at', '<', p.toExclusive)
        .groupBy(['level_id', 'level_name', month('awarded_at')])
        .execute();
      return rows.map((r) => ({ levelId: r.level_id, levelName: r.level_name, month: r.month, n: num(r.n) }));
    },

    /** Credentials no longer active (suspended, lapsed, revoked) per level and the month their status changed. */
    async exitsByLevelMonth(p: Period) {
      const rows = await db
        .selectFrom('credentials')
        .select(['level_id', month('status_changed_at').as('month'), (eb) => eb.fn.countAll().as('n')])
        // Named, not "<> 'active'", so the index on (status, level_id, status_changed_at) answers it alone.
        .where('status', 'in', ['suspended', 'lapsed', 'revoked'])
        .where('status_changed_at', '<', p.toExclusive)
        .groupBy(['level_id', month('status_changed_at')])
        .execute();
      return rows.map((r) => ({ levelId: r.level_id, month: r.month, n: num(r.n) }));
    },

    /** Holders listed in the public register, by the month of their listing choice. */
    async listingsByMonth(p: Period) {
      const rows = await db
        .selectFrom('register_listings')
        .select([month('updated_at').as('month'), (eb) => eb.fn.countAll().as('n')])
        .where('listed', '=', 1)
        .where('updated_at', '<', p.toExclusive)
        .groupBy(month('updated_at'))
        .execute();
      return rows.map((r) => ({ month: r.month, n: num(r.n) }));
    },

    /** Every application's creation time and state now. */
    async applications() {
      return db.selectFrom('applications').select(['id', 'created_at', 'state']).execute();
    },

    /** Changes of state (audit entries application.* whose from and to differ) up to the period's end, by application and time. */
    async moves(p: Period) {
      const rows = await db
        .selectFrom('audit_log')
        .select(['subject_id', 'at', jsonText('from').as('f'), jsonText('to').as('t')])
        .where('subject_type', '=', 'application')
        .where('action', 'like', 'application.%')
        .where('at', '<', p.toExclusive)
        .orderBy('subject_id')
        .orderBy('at')
        .orderBy('id')
        .execute();
      const out: Array<{ applicationId: string; at: string; from: string; to: string }> = [];
      for (const r of rows) if (r.subject_id && r.f && r.t && r.f !== r.t) out.push({ applicationId: r.subject_id, at: r.at, from: r.f, to: r.t });
      return out;
    },

    /** Assessor seats active now, or finished or handed back in the period, with the assessor's name. */
    async assessorSeats(p: Period) {
      return db
        .selectFrom('application_assessors as a')
        .innerJoin('users as u', 'u.id', 'a.assessor_id')
        .select(['a.assessor_id', 'u.name', 'a.status', 'a.assigned_at', 'a.due_at', 'a.finished_at'])
        .where((eb) => eb.or([eb('a.status', '=', 'active'), eb.and([eb('a.finished_at', '>=', p.from), eb('a.finished_at', '<', p.toExclusive)])]))
        .execute();
    },

    /** CPD standing of the body's credentials per cycle end year, level and status, for cycles that overlap the period. */
    async complianceCounts(p: Period) {
      const year = sql<string>`substr(s.cycle_end, 1, 4)`;
      const rows = await db
        .selectFrom('cpd_credential_states as s')
        .innerJoin('credentials as c', 'c.id', 's.credential_id')
        .select([year.as('year'), 'c.level_name', 's.status', (eb) => eb.fn.countAll().as('n')])
        .where('s.cycle_end', '>=', p.from)
        .where('s.cycle_start', '<', p.toExclusive)
        .groupBy([year, 'c.level_name', 's.status'])
        .execute();
      return rows.map((r) => ({ year: r.year, level: r.level_name, status: r.status, n: num(r.n) }));
    },

    /** The newest stored rule set of the body's own credentials (none until the CPD service first stores them). */
    async bodyRuleSet() {
      return db.selectFrom('cpd_rule_sets').select(['name', 'number']).where('body_default', '=', 1).orderBy('number', 'desc').limit(1).executeTakeFirst();
    },

    /** CPD activities logged (not deleted) per day in the period: the day index answers it without a sort. */
    async activitiesByDay(p: Period) {
      const rows = await db
        .selectFrom('cpd_activities')
        .select(['occurred_on', (eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.sum<number>('quarters').as('q')])
        .where('deleted_at', 'is', null)
        .where('occurred_on', '>=', p.from)
        .where('occurred_on', '<', p.toExclusive)
        .groupBy('occurred_on')
        .execute();
      return rows.map((r) => ({ day: r.occurred_on, n: num(r.n), quarters: num(r.q) }));
    },

    /** CPD audits per year, reason and status, for the years the period touches. */
    async auditCounts(fromYear: number, toYear: number) {
      const rows = await db
        .selectFrom('cpd_audits')
        .select(['year', 'reason', 'status', (eb) => eb.fn.countAll().as('n')])
        .where('year', '>=', fromYear)
        .where('year', '<=', toYear)
        .groupBy(['year', 'reason', 'status'])
        .execute();
      return rows.map((r) => ({ year: num(r.year), reason: r.reason, status: r.status, n: num(r.n) }));
    },

    /** Events starting in the period (not drafts or cancelled), with confirmed registrations and people checked in. */
    async attendance(p: Period) {
      return db
        .selectFrom('events as e')
        .select((eb) => [
          'e.id',
          'e.title',
          'e.starts_on',
          eb
            .selectFrom('event_registrations as r')
            .select(eb.fn.countAll().as('n'))
            .whereRef('r.event_id', '=', 'e.id')
            .where('r.status', '=', 'confirmed')
            .as('registered'),
          eb
            .selectFrom('event_checkins as c')
            .select(sql<number>`count(distinct c.registration_id)`.as('n'))
            .whereRef('c.event_id', '=', 'e.id')
            .where('c.undone_at', 'is', null)
            .as('checked_in'),
        ])
        .where('e.starts_on', '>=', p.from)
        .where('e.starts_on', '<', p.toExclusive)
        .where('e.status', 'not in', ['draft', 'cancelled'])
        .orderBy('e.starts_on')
        .execute();
    },
  };
}
export type ReportsRepository = ReturnType<typeof reportsRepository>;
