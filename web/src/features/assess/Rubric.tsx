import { useState } from 'react';
import { applicationsSchema } from '../../components/schemas.js';
import { type ApplicationView, assessment } from '../../api.js';
import { Submit } from '../../components/forms.js';
import { formatTime } from '../../components/format.js';
import { Problems, useAction } from '../../components/actions.js';
import { ChoiceGroup, TextareaField } from '../../components/controls.js';
import { type Assessment, CategoryEvidence, kindsOf } from './Snapshot.js';

const ScoreBody = applicationsSchema('ScoreBody');

type Mark = { score: string; notes: string };

/**
 * The frozen portfolio category by category, each with the engine's explanation, the items and their evidence,
 * and (for an assessor who may score) the rubric's scale and a notes field, saved together.
 */
export function Rubric({ app, a, userId, onDone }: { app: ApplicationView; a: Assessment; userId: string; onDone: (v: ApplicationView, m: string, keepFocus?: boolean) => void }) {
  const { rubric, snapshot } = a;
  const evalCats = snapshot.evaluation.categories;
  // Every rubric category, then any scheme category the rubric does not score (still worth reading).
  const blocks = [
    ...rubric.categories.map((c) => ({ id: c.id, name: c.name, guidance: c.guidance, scored: true })),
    ...evalCats.filter((e) => !rubric.categories.some((c) => c.id === e.id)).map((e) => ({ id: e.id, name: e.name, guidance: null, scored: false })),
  ];
  const mine = (id: string) => a.scores.find((s) => s.assessorId === userId && s.categoryId === id);
  const [marks, setMarks] = useState<Record<string, Mark>>(() =>
    Object.fromEntries(rubric.categories.map((c) => [c.id, { score: mine(c.id) ? String(mine(c.id)?.score) : '', notes: mine(c.id)?.notes ?? '' }])),
  );
  const chosen = rubric.categories.filter((c) => marks[c.id]?.score !== '');
  const body = { scores: chosen.map((c) => ({ categoryId: c.id, score: Number(marks[c.id]?.score), notes: marks[c.id]?.notes ?? '' })) };
  // The body lists only scored categories; its issue paths ("scores.1.notes") are named by category instead.
  const action = useAction('score-', (key) => {
    const m = /^scores\.(\d+)\.(\w+)/.exec(key);
    if (m) return `${chosen[Number(m[1])]?.id ?? ''}.${m[2]}`;
    return key === 'scores' ? `${rubric.categories[0]?.id ?? ''}.score` : key;
  });
  const labels = Object.fromEntries(rubric.categories.flatMap((c) => [[`${c.id}.score`, `${c.name} score`], [`${c.id}.notes`, `${c.name} notes`]]));
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const submit = action.run(
    async () => {
      const view = await assessment.score(app.id, body.scores);
      setSavedAt(new Date().toISOString());
      // Saving keeps the assessor where they are; the page's live region announces it.
      onDone(view, 'Your scores were saved.', true);
    },
    { schema: ScoreBody, body },
  );
  const set = (id: string, patch: Partial<Mark>) => setMarks((m) => ({ ...m, [id]: { ...(m[id] ?? { score: '', notes: '' }), ...patch } }));
  const nameOf = (assessorId: string) => a.assessors.find((x) => x.id === assessorId)?.name ?? 'An assessor';
  const scaleLabel = (v: number) => rubric.scale.find((s) => s.value === v)?.label ?? '';

  const shownKinds = new Map<string, string>();
  const sections = blocks.map((b) => {
    const kinds = kindsOf(b.id);
    const firstShown = kinds.map((k) => shownKinds.get(k)).find(Boolean) ?? null;
    for (const k of kinds) if (!shownKinds.has(k)) shownKinds.set(k, b.name);
    const others = a.scores.filter((s) => s.categoryId === b.id && s.assessorId !== userId);
    const m = marks[b.id] ?? { score: '', notes: '' };
    return (
      <section key={b.id} className="card rubric-category" aria-labelledby={`cat-${b.id}`}>
        <h3 id={`cat-${b.id}`}>{b.name}</h3>
        <CategoryEvidence
          category={evalCats.find((e) => e.id === b.id)}
          items={snapshot.items.filter((i) => kinds.includes(i.kind))}
          snapshot={snapshot}
          shownAbove={firstShown}
        />
        {others.length ? (
          <ul className="other-scores" aria-label={`Scores given for ${b.name}`}>
            {others.map((s) => (
              <li key={s.assessorId}>
                {nameOf(s.assessorId)}: {s.score} ({scaleLabel(s.score)}){s.notes ? ` — ${s.notes}` : ''} <span className="hint">{formatTime(s.updatedAt)}</span>
              </li>
            ))}
          </ul>
        ) : null}
        {b.scored && app.can.score ? (
          <div className="score-controls">
            <ChoiceGroup
              {...action.at(`${b.id}.score`)}
              label={`Your score for ${b.name}`}
              hint={b.guidance ?? undefined}
              className="choices choices-row scale"
              value={m.score}
              onChange={(v) => set(b.id, { score: v })}
              options={rubric.scale.map((s) => ({ value: String(s.value), label: `${s.value} ${s.label}` }))}
            />
            <TextareaField {...action.at(`${b.id}.notes`)} label={`Notes on ${b.name} (optional)`} value={m.notes} onChange={(v) => set(b.id, { notes: v })} maxLength={4000} />
          </div>
        ) : b.scored && mine(b.id) ? (
          <p>
            Your score: {mine(b.id)?.score} ({scaleLabel(mine(b.id)?.score ?? 0)}){mine(b.id)?.notes ? ` — ${mine(b.id)?.notes}` : ''}
          </p>
        ) : null}
      </section>
    );
  });

  if (!app.can.score) return <div className="rubric">{sections}</div>;
  return (
    <form onSubmit={submit} noValidate className="form rubric">
      <Problems action={action} labels={labels} />
      {sections}
      <div className="sticky-save">
        <Submit busy={action.busy} busyText="Saving…">
          Save scores
        </Submit>
        <span className="hint">
          {chosen.length} of {rubric.categories.length} categories scored{savedAt ? `; saved at ${formatTime(savedAt)}` : ''}
        </span>
      </div>
    </form>
  );
}
