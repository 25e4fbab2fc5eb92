import type { Scheme } from '../../../../contracts/scheme.js';
import { requirementLines, ruleLines } from './describe.js';

/** A published scheme version, readable: levels, point categories with caps, the catalogue and the framework. */
export function SchemeContent({ scheme }: { scheme: Scheme }) {
  const levels = [...scheme.levels].sort((a, b) => a.order - b.order);
  return (
    <>
      <section aria-labelledby="levels-title" className="card">
        <h2 id="levels-title">Levels</h2>
        <ol className="scheme-levels">
          {levels.map((l) => (
            <li key={l.id}>
              <h3>
                {l.name}
                {l.postNominals ? <span className="tag">{l.postNominals}</span> : null}
              </h3>
              <ul>
                {requirementLines(l, scheme).map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="categories-title" className="card">
        <h2 id="categories-title">Point categories and caps</h2>
        <ul className="scheme-categories">
          {scheme.categories.map((c) => (
            <li key={c.id}>
              <h3>
                {c.name}
                <span className="category-cap">{c.cap === null ? 'no cap' : `counts at most ${c.cap} points`}</span>
              </h3>
              <ul>
                {ruleLines(c).map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="catalogue-title" className="card">
        <h2 id="catalogue-title">Catalogue</h2>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: keyboard users must be able to scroll the table on a phone */}
        <section className="table-wrap" tabIndex={0} aria-labelledby="catalogue-caption">
          <table>
            <caption id="catalogue-caption" className="visually-hidden">
              Recognised qualifications and certifications
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Kind</th>
                <th scope="col">Points</th>
                <th scope="col">Notes</th>
              </tr>
            </thead>
            <tbody>
              {scheme.catalogue.map((c) => (
                <tr key={c.id}>
                  <td>{c.name}</td>
                  <td>{c.kind}</td>
                  <td>{c.points}</td>
                  <td>{[c.repeatable ? 'each counts' : '', c.retired ? 'retired' : '', c.renamedTo ? `renamed to ${c.renamedTo}` : ''].filter(Boolean).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </section>

      <section aria-labelledby="framework-title" className="card">
        <h2 id="framework-title">{scheme.framework.name}</h2>
        <h3>Responsibility levels</h3>
        <dl className="framework-levels">
          {scheme.framework.responsibilityLevels.map((l) => (
            <div key={l.level}>
              <dt>
                {l.level}. {l.name}
              </dt>
              <dd>{l.description ?? ''}</dd>
            </div>
          ))}
        </dl>
        <h3>Skills</h3>
        <ul className="skill-list">
          {scheme.framework.skills.map((s) => (
            <li key={s.id}>
              {s.name}
              {s.retired ? ' (retired)' : ''}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
