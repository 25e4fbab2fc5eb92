import { type CpdPlanContent, fromQuarters, toQuarters } from '../../../contracts/cpd.js';
import type { Db, Tx } from '../../db/database.js';
import type { CpdPlanRemindersTable } from '../../db/schema.js';
import type { Platform } from '../../platform/context.js';
import { queueMail } from '../../platform/mail/outbox.js';
import type { JobHandler } from '../../platform/jobs/worker.js';
import { sha256 } from '../../platform/secrets.js';
import { isoDay } from './cpd.dates.js';

/*
 * The reminders of a member's CPD plan: a planned activity's "remind me on" date and each dated note. Saving
 * the plan writes one row per reminder (kept across saves while the reminder is unchanged, so a sent one
 * stays sent); a job sends the due ones by e-mail, marking each sent in the transaction that queues its mail.
 */

export const PLAN_REMINDERS_JOB = 'cpd.plan-reminders';
type Q = Db | Tx;
type Row = CpdPlanRemindersTable;
type Wanted = Omit<Row, 'member_id' | 'sent_at' | 'created_at'>;

const keyOf = (...parts: string[]) => sha256(parts.join('\n'));

/** The reminders a plan asks for. */
function wanted(plan: CpdPlanContent): Wanted[] {
  const out: Wanted[] = [];
  plan.planned.forEach((a) => {
    if (a.remindOn && !a.done)
      out.push({ key: keyOf('planned', a.remindOn, a.title), remind_on: a.remindOn, kind: 'planned', title: a.title, type: a.type, quarters: toQuarters(a.hours)});
  });
  plan.reminders.forEach((r) => {
    out.push({ key: keyOf('note', r.on, r.note), remind_on: r.on, kind: 'note', title: r.note, type: null, quarters: null});
  });
  return out;
}

/**
 * Brings the member's reminder rows in line with the plan being saved, in its transaction. A reminder new to
 * this plan that is dated in the past gets no row: it is kept in the plan as the member wrote it, never sent.
 */
export async function syncPlanReminders(tx: Tx, memberId: string, plan: CpdPlanContent, today: string, at: string): Promise<void> {
  const want = wanted(plan);
  const existing = new Set((await tx.selectFrom('cpd_plan_reminders').select('key').where('member_id', '=', memberId).execute()).map((r) => r.key));
  const keys = new Set(want.map((w) => w.key));
  const gone = [...existing].filter((k) => !keys.has(k));
  if (gone.length) await tx.deleteFrom('cpd_plan_reminders').where('member_id', '=', memberId).where('key', 'in', gone).execute();
  const rows = [...new Map(want.filter((w) => existing.has(w.key) || w.remind_on >= today).map((w) => [w.key, w])).values()].map((w) => ({ ...w, member_id: memberId, sent_at: null, created_at: at }));
  if (rows.length)
    await tx
      .insertInto('cpd_plan_reminders')
      .values(rows)
      .onConflict((oc) => oc.columns(['member_id', 'key']).doUpdateSet((eb) => ({ type: eb.ref('excluded.type'), quarters: eb.ref('excluded.quarters') })))
      .execute();
}

/** When each of the plan's reminders was sent (null: not yet), in the plan's order. */
export async function remindersSent(q: Q, memberId: string, plan: CpdPlanContent): Promise<{ planned: Array<string | null>; reminders: Array<string | null> }> {
  const sent = new Map((await q.selectFrom('cpd_plan_reminders').select(['key', 'sent_at']).where('member_id', '=', memberId).where('sent_at', 'is not', null).execute()).map((r) => [r.key, r.sent_at]));
  return {
    planned: plan.planned.map((a) => (a.remindOn ? (sent.get(keyOf('planned', a.remindOn, a.title)) ?? null) : null)),
    reminders: plan.reminders.map((r) => sent.get(keyOf('note', r.on, r.note)) ?? null),
  };
}

export type PlanReminderOptions = { batch?: number; /** For tests of a stop half-way: throw after this many batches have committed. */ stopAfterBatches?: number };

/**
 * Sends every unsent reminder dated today or earlier, a batch to a transaction. A reminder is marked sent only
 * if it was unsent, in the transaction that queues its mail, so a second run or two runs at once send nothing
 * twice, and a run stopped half-way leaves the rest for the next.
 */
export function planRemindersJob(p: Platform) {
  const db = p.database.db;
  const logLink = (r: Pick<Row, 'kind' | 'title' | 'type' | 'quarters'>) => {
    if (r.kind !== 'planned') return `${p.config.publicUrl}/cpd?log=new`;
    const q = new URLSearchParams({ log: 'planned', title: r.title, type: r.type ?? 'training', hours: String(fromQuarters(r.quarters ?? 0)) });
    return `${p.config.publicUrl}/cpd?${q}`;
  };

  async function run(opts: PlanReminderOptions = {}): Promise<{ sent: number }> {
    const batch = opts.batch ?? 500;
    const now = p.clock.now();
    const today = isoDay(now);
    let sent = 0;
    for (let batches = 0; ; ) {
      const due = await db
        .selectFrom('cpd_plan_reminders as r')
        .innerJoin('users as u', 'u.id', 'r.member_id')
        .select(['r.member_id', 'r.key', 'r.kind', 'r.title', 'r.type', 'r.quarters', 'u.name', 'u.email'])
        .where('r.sent_at', 'is', null)
        .where('r.remind_on', '<=', today)
        .orderBy('r.remind_on')
        .orderBy('r.member_id')
        .orderBy('r.key')
        .limit(batch)
        .execute();
      if (due.length === 0) break;
      await db.transaction().execute(async (tx) => {
        for (const r of due) {
          const marked = await tx.updateTable('cpd_plan_reminders').set({ sent_at: now.toISOString() }).where('member_id', '=', r.member_id).where('key', '=', r.key).where('sent_at', 'is', null).executeTakeFirst();
          if (Number(marked.numUpdatedRows) !== 1) continue;
          await queueMail(tx, r.email, 'cpd_plan_reminder', { name: r.name, kind: r.kind, what: r.title, link: logLink(r) }, now);
          sent++;
        }
      });
      batches++;
      if (opts.stopAfterBatches !== undefined && batches >= opts.stopAfterBatches) throw new Error(`stopped after ${batches} batches`);
      if (due.length < batch) break;
    }
    if (sent) p.nudgeJobs();
    return { sent };
  }

  const handler: JobHandler = async (ctx) => {
    await run((ctx.payload ?? {}) as PlanReminderOptions);
  };
  return { run, handler };
}
