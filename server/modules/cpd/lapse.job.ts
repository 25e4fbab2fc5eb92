import type { CpdRuleSet } from '../../../contracts/cpd-rules.js';
import type { CpdActivityType } from '../../../contracts/cpd.js';
import { type AuditContext, audit, systemActor } from '../../platform/audit.js';
import type { Platform } from '../../platform/context.js';
import { queueMail } from '../../platform/mail/outbox.js';
import type { JobHandler } from '../../platform/jobs/worker.js';
import { changeCredentialStatus } from '../credentials/index.js';
import type { AuditsService } from './audits.service.js';
import { loadBodyRuleSet } from './body-rule-set.js';
import { addDays, cyclesFrom, isoDay } from './cpd.dates.js';
import type { CpdFact } from './cpd.rules.js';
import { DEFAULT_REMINDER_DAYS, type LapseState, type LapseStep, freshState, lapseStep } from './lapse.rules.js';
import type { LapseRepository, StateRow } from './lapse.repository.js';

export const DAILY_JOB = 'cpd.daily';

/**
 * New states are written this many to a transaction. Each commit rewrites every index page it touched, and
 * a batch of new states touches the next-check index at one place per distinct check day (see startOf) whatever
 * its size, so on a large register few large commits write far less than many small ones (measured: 2,000 a
 * commit wrote 1 GB for 200,000 credentials; 20,000, 0.25 GB).
 */
const START_BATCH = 20_000;

export type DailyOptions = {
  reminderDays?: number[];
  batch?: number;
  /** For tests of a stop half-way: throw after this many batches have committed. */
  stopAfterBatches?: number;
};
export type DailyResult = { started: number; checked: number; changed: number; reminders: number; transitions: number; auditsExpired: number };
type Progress = (done: number, total: number, message?: string, checkpoint?: DailyCheckpoint) => Promise<void>;
/** How far a day's run got through the states due: a stopped run of the same day goes on from there. */
export type DailyCheckpoint = { today: string; done: number; total: number; cursor: { on: string; id: string }; result: DailyResult };
const isDailyCheckpoint = (v: unknown): v is DailyCheckpoint =>
  !!v && typeof (v as DailyCheckpoint).today === 'string' && Number.isInteger((v as DailyCheckpoint).done) && typeof (v as DailyCheckpoint).cursor?.id === 'string' && typeof (v as DailyCheckpoint).result === 'object';

const stateOf = (r: StateRow): LapseState => ({ cycleIndex: r.cycle_index, cycleStart: r.cycle_start, cycleEnd: r.cycle_end, status: r.status, since: r.since, shortfallQ: r.shortfall_quarters, nextCheckOn: r.next_check_on });
const rowOf = (s: LapseState, at: string) => ({ cycle_index: s.cycleIndex, cycle_start: s.cycleStart, cycle_end: s.cycleEnd, status: s.status, since: s.since, shortfall_quarters: s.shortfallQ, next_check_on: s.nextCheckOn, updated_at: at });
const points = (q: number) => `${q / 4} point${q === 4 ? '' : 's'}`;

/**
 * Steps CPD states under the body's rule set (lapse.rules.ts): the daily job's work on a batch of states,
 * and the same step for one member's states at once after their CPD changed. Every write is conditional on
 * the state it was computed from, so the two may meet on the same state and only one of them acts.
 */
export function standingSteps(p: Platform, repo: LapseRepository) {
  const db = p.database.db;
  const link = `${p.config.publicUrl}/cpd`;

  async function apply(rules: CpdRuleSet, rows: StateRow[], today: string, days: readonly number[], changedOnly: boolean, result: DailyResult) {
    const creds = new Map((await repo.credentials(db, rows.map((r) => r.credential_id))).map((c) => [c.id, c]));
    const facts = new Map<string, CpdFact[]>();
    for (const f of await repo.facts(db, [...new Set(rows.map((r) => r.member_id))]))
      facts.set(f.member_id, [...(facts.get(f.member_id) ?? []), { id: f.id, type: f.type as CpdActivityType, occurredOn: f.occurred_on, quarters: f.quarters, rejected: f.audit_status === 'rejected' }]);
    const now = p.clock.now();
    const at = now.toISOString();
    const by: AuditContext = systemActor;
    await db.transaction().execute(async (tx) => {
      for (const row of rows) {
        result.checked++;
        const c = creds.get(row.credential_id);
        if (!c || c.status === 'revoked') {
          await repo.deleteState(tx, row.credential_id);
          continue;
        }
        const step: LapseStep | null = lapseStep(rules, cyclesFrom(c), stateOf(row), facts.get(row.member_id) ?? [], today, days);
        if (!step) {
          if (changedOnly) await repo.touchState(tx, row.credential_id, at);
          continue;
        }
        if (!(await repo.moveState(tx, row, rowOf(step.state, at)))) continue;
        result.changed++;
        const name = c.level_name;
        if (step.mail === 'reminder') {
          if (!(await repo.remember(tx, row.credential_id, row.cycle_index, step.reminderPoint!, row.member_id, at))) continue;
          result.reminders++;
          await queueMail(tx, c.email, 'cpd_reminder', { name: c.name, credential: name, shortfall: points(step.state.shortfallQ), lastDay: addDays(row.cycle_end, -1), link }, now);
          continue;
        }
        if (!step.mail) continue;
        result.transitions++;
        if (step.credentialTo) await changeCredentialStatus(tx, row.credential_id, step.credentialTo, `CPD ${step.mail}: cycle ${row.cycle_index + 1} ending ${addDays(row.cycle_end, -1)}`, by, now);
        else await audit(tx, by, { action: `cpd.standing_${step.mail}`, subjectType: 'credential', subjectId: row.credential_id, details: { cycleIndex: row.cycle_index, shortfallQuarters: step.state.shortfallQ } }, now);
        const until = step.mail === 'grace' ? addDays(step.state.nextCheckOn, -1) : step.mail === 'suspended' ? step.state.nextCheckOn : '';
        await queueMail(tx, c.email, 'cpd_standing', { name: c.name, credential: name, change: step.mail, shortfall: points(step.mail === 'reinstated' ? row.shortfall_quarters : step.state.shortfallQ), until, link }, now);
      }
    });
  }

  /**
   * After members' CPD changed (an activity logged or edited, a provider's credit, an audit's decision):
   * the states of theirs that wait for make-up (grace, suspended, lapsed) take today's step now, by the
   * same rule as the daily job, so a member who made up the shortfall is reinstated at once rather than
   * on the next daily run. Cheap when none of them waits: one indexed read.
   */
  async function recheck(memberIds: readonly string[]): Promise<DailyResult> {
    const result: DailyResult = { started: 0, checked: 0, changed: 0, reminders: 0, transitions: 0, auditsExpired: 0 };
    const rows = await repo.waiting(db, memberIds);
    if (rows.length === 0) return result;
    const rules = await loadBodyRuleSet(db);
    for (let i = 0; i < rows.length; i += 500) await apply(rules, rows.slice(i, i + 500), isoDay(p.clock.now()), DEFAULT_REMINDER_DAYS, false, result);
    if (result.transitions) p.nudgeJobs();
    return result;
  }

  /** As recheck, for a caller whose own write has committed already: a failure is logged, not thrown; the daily job's scan of changed states is the fallback. */
  async function recheckQuietly(memberIds: readonly string[]): Promise<void> {
    try {
      await recheck(memberIds);
    } catch (err) {
      p.logger.warn({ err, members: memberIds.length }, 'CPD standing could not be checked after a change; the daily job will');
    }
  }

  return { apply, recheck, recheckQuietly };
}
export type StandingSteps = ReturnType<typeof standingSteps>;

/**
 * The daily CPD standing job: starts new credentials' states, expires unanswered audits, then steps every
 * state that is due today (reminder points, cycle ends, grace ends, lapses) and every state waiting for
 * make-up whose member logged something. Each batch commits on its own and every write is conditional on
 * the state it was computed from, so the job is safe to run twice and resumes after a stop.
 */
export function dailyJob(p: Platform, repo: LapseRepository, audits: AuditsService, steps: StandingSteps = standingSteps(p, repo)) {
  const db = p.database.db;
  const { apply } = steps;

  /** One run of the job on the clock's today. */
  async function run(opts: DailyOptions = {}, progress: Progress = async () => {}, resume: unknown = null): Promise<DailyResult> {
    const days = opts.reminderDays ?? [...DEFAULT_REMINDER_DAYS];
    const batch = opts.batch ?? 2000;
    const now = p.clock.now();
    const today = isoDay(now);
    const rules = await loadBodyRuleSet(db);
    const from = isDailyCheckpoint(resume) && resume.today === today ? resume : null;
    const result: DailyResult = from ? { ...from.result } : { started: 0, checked: 0, changed: 0, reminders: 0, transitions: 0, auditsExpired: 0 };
    let batches = 0;
    const tick = () => {
      batches++;
      if (opts.stopAfterBatches !== undefined && batches >= opts.stopAfterBatches) throw new Error(`stopped after ${batches} batches`);
    };

    result.auditsExpired += await audits.expireDue(now);

    // New credentials: their state starts in the cycle of today. Credentials awarded on the same day start in
    // the same state, so it is worked out once per award day: the first run over an existing register starts
    // a million states from a few thousand distinct days.
    const starts = new Map<string, LapseState>();
    const startOf = (awardedOn: string) => {
      const known = starts.get(awardedOn);
      if (known) return known;
      const exact = freshState(rules, awardedOn, today, days);
      // A state waiting for its cycle's first reminder point is first checked on the 1st of that month, which
      // only moves it on to the point itself (no point has passed by then). New states then go into the
      // next-check index at a few dozen places rather than one per day, which halves what the first run over
      // a large register writes (measured over 1,000,000: 1.9 GB → 0.85 GB).
      const firstPoint = addDays(exact.cycleEnd, -Math.max(...days));
      const monthStart = `${exact.nextCheckOn.slice(0, 8)}01`;
      const s = exact.nextCheckOn === firstPoint && monthStart > today ? { ...exact, nextCheckOn: monthStart } : exact;
      starts.set(awardedOn, s);
      return s;
    };
    const startBatch = opts.batch ?? START_BATCH;
    for (let after = ''; ; ) {
      const fresh = await repo.unstarted(db, after, startBatch);
      if (fresh.length === 0) break;
      const at = p.clock.now().toISOString();
      await repo.insertStates(db, fresh.map((c) => ({ credential_id: c.id, member_id: c.holder_id, ...rowOf(startOf(cyclesFrom(c)), at) })));
      result.started += fresh.length;
      after = fresh[fresh.length - 1]!.id;
      await progress(result.started, result.started, `Starting CPD records of new credentials: ${result.started}`);
      tick();
    }

    // States already stepped today are no longer due, so a resumed run counts those left and adds what it did.
    let cursor = from?.cursor ?? { on: '', id: '' };
    let done = from?.done ?? 0;
    const total = Math.max(from?.total ?? 0, done + (await repo.countDue(db, today)));
    for (;;) {
      const rows = await repo.due(db, today, cursor, batch);
      if (rows.length === 0) break;
      await apply(rules, rows, today, days, false, result);
      const last = rows[rows.length - 1]!;
      cursor = { on: last.next_check_on, id: last.credential_id };
      done += rows.length;
      await progress(done, Math.max(total, done), `Checking credentials due today: ${done} of ${Math.max(total, done)}`, { today, done, total: Math.max(total, done), cursor, result: { ...result } });
      tick();
    }

    for (let after = ''; ; ) {
      const rows = await repo.changed(db, after, batch);
      if (rows.length === 0) break;
      await apply(rules, rows, today, days, true, result);
      after = rows[rows.length - 1]!.credential_id;
      tick();
    }
    await progress(done, Math.max(total, done), `Done: ${result.reminders} reminders, ${result.transitions} changes of standing`);
    if (result.reminders || result.transitions || result.auditsExpired) p.nudgeJobs();
    return result;
  }

  const handler: JobHandler = async (ctx) => {
    await run((ctx.payload ?? {}) as DailyOptions, ctx.progress, ctx.resume);
  };
  return { run, handler };
}
