import { type ItemKind, describe, kindNames } from '../../components/portfolio-items.js';
import type { PortfolioItem } from './types.js';

const kinds: ItemKind[] = ['education', 'certification', 'work', 'contribution'];

/**
 * The "what if" switch and, while it is on, the hypothetical items: added here, evaluated with the saved
 * portfolio, never saved. Turning it off drops them.
 */
export function WhatIf({
  on,
  items,
  onToggle,
  onAdd,
  onRemove,
}: {
  on: boolean;
  items: PortfolioItem[];
  onToggle: (on: boolean) => void;
  onAdd: (kind: ItemKind) => void;
  onRemove: (index: number) => void;
}) {
  return (
    <section aria-labelledby="whatif-title" className={on ? 'card whatif whatif-on' : 'card whatif'}>
      <div className="section-head">
        <h2 id="whatif-title">What if…</h2>
        <button type="button" className="button button-secondary button-small" aria-pressed={on} onClick={() => onToggle(!on)}>
          {on ? 'Leave “what if”' : 'Try “what if”'}
        </button>
      </div>
      {!on ? (
        <p className="hint">See what an extra certification, job or talk would change, without saving anything.</p>
      ) : (
        <>
          <p>
            Items added here are <strong>not saved</strong>. The panel counts them with your portfolio until you leave “what if”.
          </p>
          {items.length ? (
            <ul className="item-list">
              {items.map((item, i) => {
                const { title, detail } = describe(item);
                return (
                  <li key={item.id} className="item item-hypothetical">
                    <p className="tag tag-whatif">Hypothetical · not saved</p>
                    <h3 className="item-title">{title}</h3>
                    <p className="item-detail">
                      {kindNames[item.kind].one} · {detail}
                    </p>
                    <button type="button" className="button button-secondary button-small" onClick={() => onRemove(i)}>
                      Remove<span className="visually-hidden"> hypothetical {title}</span>
                    </button>
                  </li>
                );
              })}
            </ul>
          ) : null}
          <fieldset className="whatif-add">
            <legend className="whatif-add-label">Add a hypothetical:</legend>
            <div className="button-row">
            {kinds.map((k) => (
              <button key={k} type="button" className="button button-small" onClick={() => onAdd(k)}>
                {k === 'certification' ? 'Certification' : k === 'work' ? 'Job' : k === 'education' ? 'Education' : 'Contribution'}
                </button>
              ))}
            </div>
          </fieldset>
        </>
      )}
    </section>
  );
}
