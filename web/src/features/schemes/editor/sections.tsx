import type { Category, Scheme } from '../../../../../contracts/scheme.js';
import type { Path, Problems } from './edit.js';
import { NumberInput } from './NumberInput.js';

type SectionProps = { scheme: Scheme; problems: Problems; onChange: (path: Path, value: unknown) => void };

/** Each level's requirements that are numbers: total points, years, responsibility, minimums per category. */
export function LevelsSection({ scheme, problems, onChange }: SectionProps) {
  const catName = (id: string) => scheme.categories.find((c) => c.id === id)?.name ?? id;
  return (
    <section aria-labelledby="edit-levels-title" className="editor-section">
      <h3 id="edit-levels-title">Levels and requirements</h3>
      {scheme.levels.map((l, i) => {
        const r = l.requirements;
        const at = (...rest: Array<string | number>): Path => ['levels', i, 'requirements', ...rest];
        return (
          <fieldset key={l.id} className="fieldset">
            <legend>{l.name}</legend>
            <NumberInput path={at('minTotal')} label="Points in total" hint="Leave blank for no points threshold." value={r.minTotal} problems={problems} onChange={onChange} />
            {r.minYearsExperience !== undefined ? <NumberInput path={at('minYearsExperience')} label="Years of experience" value={r.minYearsExperience} problems={problems} onChange={onChange} /> : null}
            {r.responsibility ? <NumberInput path={at('responsibility', 'minLevel')} label="Lowest responsibility level" value={r.responsibility.minLevel} problems={problems} onChange={onChange} /> : null}
            {r.minPerCategory?.map((m, j) => (
              <NumberInput key={m.category} path={at('minPerCategory', j, 'points')} label={`Points from ${catName(m.category)} at least`} value={m.points} problems={problems} onChange={onChange} />
            ))}
            {!r.minTotal && !r.minYearsExperience && !r.responsibility && !r.minPerCategory?.length ? <p className="hint">No numeric requirements.</p> : null}
          </fieldset>
        );
      })}
    </section>
  );
}

/** The numbers of one item rule (a points table for highest-sustained responsibility). */
function RuleFields({ rule, path, problems, onChange }: { rule: Category['rules'][number]; path: Path; problems: Problems; onChange: SectionProps['onChange'] }) {
  const n = (key: string, label: string, value: unknown) => <NumberInput path={[...path, key]} label={`${rule.label}: ${label}`} value={value} problems={problems} onChange={onChange} />;
  switch (rule.type) {
    case 'fixed':
      return n('points', `points for ${rule.unit}`, rule.points);
    case 'perYear':
      return n('points', 'points a year', rule.points);
    case 'perHour':
      return n('pointsPerHour', 'points an hour', rule.pointsPerHour);
    case 'assessed':
      return (
        <>
          {n('minPoints', 'fewest points', rule.minPoints)}
          {n('maxPoints', 'most points', rule.maxPoints)}
        </>
      );
    case 'highestSustained':
      return (
        <>
          {n('minMonths', 'months held', rule.minMonths)}
          {rule.table.map((t, k) => (
            <NumberInput key={t.level} path={[...path, 'table', k, 'points']} label={`${rule.label}: points at responsibility level ${t.level}`} value={t.points} problems={problems} onChange={onChange} />
          ))}
        </>
      );
    case 'catalogue':
      return <p className="hint">{rule.label}: points per entry in the catalogue below.</p>;
  }
}

/** Points tables: each category's item rules, and the catalogue of qualifications and certifications. */
export function PointsSection({ scheme, problems, onChange }: SectionProps) {
  return (
    <section aria-labelledby="edit-points-title" className="editor-section">
      <h3 id="edit-points-title">Points tables</h3>
      {scheme.categories.map((c, i) => (
        <fieldset key={c.id} className="fieldset">
          <legend>{c.name}</legend>
          {c.rules.map((r, j) => (
            <RuleFields key={r.id} rule={r} path={['categories', i, 'rules', j]} problems={problems} onChange={onChange} />
          ))}
        </fieldset>
      ))}
      <fieldset className="fieldset">
        <legend>Catalogue points</legend>
        {scheme.catalogue.map((e, i) =>
          e.renamedTo ? null : (
            <NumberInput key={e.id} path={['catalogue', i, 'points']} label={`${e.name}${e.retired ? ' (retired)' : ''}`} value={e.points} problems={problems} onChange={onChange} />
          ),
        )}
      </fieldset>
    </section>
  );
}

/** The most points each category counts; blank for no cap. */
export function CapsSection({ scheme, problems, onChange }: SectionProps) {
  return (
    <section aria-labelledby="edit-caps-title" className="editor-section">
      <h3 id="edit-caps-title">Caps</h3>
      <fieldset className="fieldset">
        <legend>Most points counted from each category</legend>
        {scheme.categories.map((c, i) => (
          <NumberInput key={c.id} path={['categories', i, 'cap']} label={c.name} hint="Blank: no cap." value={c.cap} empty={null} problems={problems} onChange={onChange} />
        ))}
      </fieldset>
    </section>
  );
}
