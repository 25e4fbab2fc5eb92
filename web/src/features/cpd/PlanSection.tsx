import { type FormEvent, useEffect, useRef, useState } from 'react';
import { ApiError, type CpdPlan, type FieldErrors, cpd } from '../../api.js';
import { Field, ProblemLinks, Submit } from '../../components/forms.js';
import { cpdSchema, loaded } from '../../components/schemas.js';
import { CheckboxField, SelectField } from '../../components/controls.js';
import { localToday } from '../../components/format.js';
import { typeOptions } from './activityValues.js';
import { useHydrated } from './useHydrated.js';

const CpdPlanContent = cpdSchema('CpdPlanContent');

type Goal = { text: string; by: string; done: boolean };
type Planned = { title: string; type: string; hours: string; plannedOn: string; remindOn: string; done: boolean };
type Reminder = { on: string; note: string };
const p = 'cpd-plan-';

/** Errors by "goals-0-text" style keys, which are also the inputs' ids after the prefix. */
const keyOf = (path: ReadonlyArray<PropertyKey>) => path.map(String).join('-');

/** Whether a saved reminder was sent, is to come, or was dated in the past when it was set (never sent). */
function ReminderNote({ on, saved, sentAt }: { on: string; saved: boolean; sentAt: string | null }) {
  // "Today" is the member's own day, which the server does not know: that note waits for the browser.
  const hydrated = useHydrated();
  if (!on || !saved) return null;
  if (sentAt) return <p className="hint cpd-reminder-sent">Reminder sent {sentAt.slice(0, 10)}.</p>;
  if (!hydrated) return null;
  return <p className="hint">{on < localToday() ? 'Not sent: the date had passed when it was set.' : `Reminder to be sent on ${on}.`}</p>;
}

/** The member's plan for the cycle: goals, planned activities and reminders, with prompts for reflection. */
export function PlanSection({ initial, onSaved }: { initial: CpdPlan; onSaved: (plan: CpdPlan) => void }) {
  const [goals, setGoals] = useState<Goal[]>(initial.plan.goals.map((g) => ({ text: g.text, by: g.by ?? '', done: g.done })));
  const [planned, setPlanned] = useState<Planned[]>(
    initial.plan.planned.map((a) => ({ title: a.title, type: a.type, hours: String(a.hours), plannedOn: a.plannedOn ?? '', remindOn: a.remindOn ?? '', done: a.done })),
  );
  const [reminders, setReminders] = useState<Reminder[]>(initial.plan.reminders.map((r) => ({ ...r })));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const summary = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (attempt > 0) summary.current?.focus();
  }, [attempt]);

  const body = () => ({
    goals: goals.map((g) => ({ text: g.text, by: g.by || null, done: g.done })),
    planned: planned.map((a) => ({
      title: a.title,
      type: a.type,
      hours: a.hours.trim() ? Number(a.hours) : (undefined as unknown as number),
      plannedOn: a.plannedOn || null,
      remindOn: a.remindOn || null,
      done: a.done,
    })),
    reminders: reminders.map((r) => ({ on: r.on, note: r.note })),
  });

  async function save(e: FormEvent) {
    e.preventDefault();
    if (busy) return;
    const b = body();
    const parsed = (await loaded(CpdPlanContent))?.safeParse(b) ?? { success: true as const };
    setFailure(null);
    if (!parsed.success) {
      const found: FieldErrors = {};
      for (const i of parsed.error.issues) found[keyOf(i.path)] ??= [i.message];
      setErrors(found);
      setAttempt((n) => n + 1);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      onSaved(await cpd.savePlan(b as never));
    } catch (err) {
      const apiErr = err instanceof ApiError ? err : new ApiError(0, 'UNEXPECTED', 'Something went wrong. Try again.', {}, {});
      setErrors(Object.fromEntries(Object.entries(apiErr.fields).map(([k, m]) => [k.replaceAll('.', '-'), m])));
      setFailure(apiErr.message);
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  }

  const err = (k: string) => errors[k]?.[0];
  const upd = <T,>(list: T[], set: (l: T[]) => void, i: number, patch: Partial<T>) => set(list.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const problems = Object.entries(errors);
  return (
    <section aria-labelledby="cpd-plan-title" className="section">
      <h2 id="cpd-plan-title">Your plan</h2>
      <p>Set goals for this cycle, plan the activities that will get you there, and choose when to be reminded.</p>
      <details className="prompts">
        <summary>Questions to help you reflect</summary>
        <ul>
          {initial.prompts.map((q) => (
            <li key={q}>{q}</li>
          ))}
        </ul>
      </details>
      <form className="form" noValidate onSubmit={save}>
        {problems.length || failure ? (
          <div className="error-summary" ref={summary} tabIndex={-1} role="alert" aria-labelledby={`${p}summary`}>
            <h3 id={`${p}summary`}>There is a problem</h3>
            {failure && !problems.length ? <p>{failure}</p> : null}
            <ProblemLinks items={problems} prefix={p} labels={{}} />
          </div>
        ) : null}
        <fieldset className="cpd-rows">
          <legend>Goals</legend>
          {goals.map((g, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their place
            <div key={i} className="cpd-row">
              <Field id={`${p}goals-${i}-text`} name="goal" label={`Goal ${i + 1}`} value={g.text} error={err(`goals-${i}-text`)} onChange={(e) => upd(goals, setGoals, i, { text: e.target.value })} />
              <Field id={`${p}goals-${i}-by`} name="by" label="By (optional)" type="date" className="input input-medium" value={g.by} error={err(`goals-${i}-by`)} onChange={(e) => upd(goals, setGoals, i, { by: e.target.value })} />
              <CheckboxField id={`${p}goals-${i}-done`} label="Done" checked={g.done} onChange={(v) => upd(goals, setGoals, i, { done: v })} />
              <button type="button" className="button button-secondary button-small" onClick={() => setGoals(goals.filter((_, j) => j !== i))}>
                Remove goal {i + 1}
              </button>
            </div>
          ))}
          <button type="button" className="button button-secondary button-small" onClick={() => setGoals([...goals, { text: '', by: '', done: false }])}>
            Add a goal
          </button>
        </fieldset>
        <fieldset className="cpd-rows">
          <legend>Planned activities ({planned.reduce((s, a) => s + (Number(a.hours) || 0), 0)} hours)</legend>
          {planned.map((a, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their place
            <div key={i} className="cpd-row">
              <Field id={`${p}planned-${i}-title`} name="title" label={`Planned activity ${i + 1}`} value={a.title} error={err(`planned-${i}-title`)} onChange={(e) => upd(planned, setPlanned, i, { title: e.target.value })} />
              <SelectField id={`${p}planned-${i}-type`} label="Type" value={a.type} error={err(`planned-${i}-type`)} onChange={(v) => upd(planned, setPlanned, i, { type: v })}>
                {typeOptions.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </SelectField>
              <Field id={`${p}planned-${i}-hours`} name="hours" label="Hours" inputMode="decimal" className="input input-short" value={a.hours} error={err(`planned-${i}-hours`)} onChange={(e) => upd(planned, setPlanned, i, { hours: e.target.value })} />
              <Field id={`${p}planned-${i}-plannedOn`} name="plannedOn" label="When (optional)" type="date" className="input input-medium" value={a.plannedOn} error={err(`planned-${i}-plannedOn`)} onChange={(e) => upd(planned, setPlanned, i, { plannedOn: e.target.value })} />
              <Field
                id={`${p}planned-${i}-remindOn`}
                name="remindOn"
                label="Remind me by e-mail on (optional)"
                type="date"
                className="input input-medium"
                value={a.remindOn}
                error={err(`planned-${i}-remindOn`)}
                onChange={(e) => upd(planned, setPlanned, i, { remindOn: e.target.value })}
              />
              <ReminderNote on={a.remindOn} saved={initial.plan.planned[i]?.remindOn === a.remindOn && initial.plan.planned[i]?.title === a.title} sentAt={initial.remindersSent.planned[i] ?? null} />
              <CheckboxField id={`${p}planned-${i}-done`} label="Done" checked={a.done} onChange={(v) => upd(planned, setPlanned, i, { done: v })} />
              <button type="button" className="button button-secondary button-small" onClick={() => setPlanned(planned.filter((_, j) => j !== i))}>
                Remove planned activity {i + 1}
              </button>
            </div>
          ))}
          <button type="button" className="button button-secondary button-small" onClick={() => setPlanned([...planned, { title: '', type: 'training', hours: '', plannedOn: '', remindOn: '', done: false }])}>
            Add a planned activity
          </button>
        </fieldset>
        <fieldset className="cpd-rows">
          <legend>Reminders</legend>
          {reminders.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their place
            <div key={i} className="cpd-row">
              <Field id={`${p}reminders-${i}-on`} name="on" label={`Reminder ${i + 1} on`} type="date" className="input input-medium" value={r.on} error={err(`reminders-${i}-on`)} onChange={(e) => upd(reminders, setReminders, i, { on: e.target.value })} />
              <Field id={`${p}reminders-${i}-note`} name="note" label="Remind me to" value={r.note} error={err(`reminders-${i}-note`)} onChange={(e) => upd(reminders, setReminders, i, { note: e.target.value })} />
              <ReminderNote on={r.on} saved={initial.plan.reminders[i]?.on === r.on && initial.plan.reminders[i]?.note === r.note} sentAt={initial.remindersSent.reminders[i] ?? null} />
              <button type="button" className="button button-secondary button-small" onClick={() => setReminders(reminders.filter((_, j) => j !== i))}>
                Remove reminder {i + 1}
              </button>
            </div>
          ))}
          <button type="button" className="button button-secondary button-small" onClick={() => setReminders([...reminders, { on: '', note: '' }])}>
            Add a reminder
          </button>
        </fieldset>
        <Submit busy={busy} busyText="Saving…">
          Save plan
        </Submit>
        {initial.updatedAt ? <p className="hint">Last saved {initial.updatedAt.slice(0, 10)}.</p> : null}
      </form>
    </section>
  );
}
