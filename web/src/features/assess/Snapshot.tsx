import type { ApplicationView } from '../../api.js';
import { formatSize } from '../../components/format.js';
import { type ItemKind, describe, kindNames } from '../../components/portfolio-items.js';
import type { PortfolioItem } from '../../../../contracts/portfolio.js';
import type { EvidenceSummary } from '../../../../contracts/portfolio-api.js';

export type Assessment = NonNullable<ApplicationView['assessment']>;
export type EvalCategory = Assessment['snapshot']['evaluation']['categories'][number];

const pts = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, ''));

/**
 * Which kinds of item feed a scheme category. The engine explains each category in lines but does not list
 * its items, so the workbench shows the items of the kinds a category is built from.
 */
export function kindsOf(categoryId: string): ItemKind[] {
  const id = categoryId.toLowerCase();
  if (id.startsWith('educ')) return ['education'];
  if (id.startsWith('cert')) return ['certification'];
  if (id.startsWith('exper') || id.startsWith('respons')) return ['work'];
  if (id.startsWith('contrib')) return ['contribution'];
  return [];
}

/** The engine's points and explanation for one category, then the frozen items it counted, with their evidence. */
export function CategoryEvidence({
  category,
  items,
  snapshot,
  shownAbove,
}: {
  category: EvalCategory | undefined;
  items: PortfolioItem[];
  snapshot: Assessment['snapshot'];
  /** Item kinds already shown under an earlier category (work counts for experience and responsibility). */
  shownAbove: string | null;
}) {
  return (
    <>
      {category ? (
        <>
          <p className="category-points">
            {pts(category.counted)} points counted
            {category.earned !== category.counted ? ` of ${pts(category.earned)} earned (capped at ${pts(category.cap ?? 0)})` : category.cap !== null ? ` (cap ${pts(category.cap)})` : ''}
          </p>
          {category.lines.length ? (
            <ul className="explain">
              {category.lines.map((line, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: lines are plain text and may repeat
                <li key={i}>{line}</li>
              ))}
            </ul>
          ) : (
            <p className="hint">Nothing counts here.</p>
          )}
        </>
      ) : null}
      {shownAbove ? (
        <p className="hint">The items are listed under {shownAbove} above.</p>
      ) : items.length ? (
        <ul className="item-list">
          {items.map((item) => (
            <FrozenItem key={item.id} item={item} evidence={snapshot.evidence.filter((e) => e.itemIds.includes(item.id) || item.evidenceIds?.includes(e.id))} flags={snapshot.evaluation.flags.filter((f) => f.itemId === item.id)} />
          ))}
        </ul>
      ) : null}
    </>
  );
}

function FrozenItem({ item, evidence, flags }: { item: PortfolioItem; evidence: EvidenceSummary[]; flags: Array<{ message: string }> }) {
  const { title, detail } = describe(item);
  return (
    <li className="item">
      <h4 className="item-title">
        <span className="visually-hidden">{kindNames[item.kind].one}: </span>
        {title}
      </h4>
      <p className="item-detail">{detail}</p>
      {item.kind === 'work' && item.description ? <p className="item-detail prose">{item.description}</p> : null}
      {item.kind === 'work' && item.referee ? (
        <p className="item-detail">
          Referee: {item.referee.name} ({item.referee.relationship})
        </p>
      ) : null}
      {item.kind === 'contribution' && item.link ? (
        <p className="item-detail">
          <a href={item.link} rel="noreferrer noopener" target="_blank">
            {item.link}
            <span className="visually-hidden"> (opens in a new tab)</span>
          </a>
        </p>
      ) : null}
      {flags.map((f) => (
        <p key={f.message} className="item-notice">
          {f.message}
        </p>
      ))}
      {evidence.length ? (
        <ul className="evidence-inline">
          {evidence.map((e) => (
            <li key={e.id}>
              <EvidenceView evidence={e} />
            </li>
          ))}
        </ul>
      ) : (
        <p className="hint">No evidence attached.</p>
      )}
    </li>
  );
}

/** A piece of evidence where it is read: images inline, other files and links as links. */
export function EvidenceView({ evidence: e }: { evidence: EvidenceSummary }) {
  if (e.kind === 'link' && e.url) {
    return (
      <a href={e.url} rel="noreferrer noopener" target="_blank">
        {e.title}
        <span className="visually-hidden"> (link, opens in a new tab)</span>
      </a>
    );
  }
  if (!e.href) return <span>{e.title}</span>;
  const type = e.file?.mediaType ?? '';
  return (
    <>
      <a href={e.href} target="_blank" rel="noreferrer">
        {e.title}
      </a>{' '}
      <span className="hint">
        ({type === 'application/pdf' ? 'PDF' : type.replace('image/', '').toUpperCase()}
        {e.file ? `, ${formatSize(e.file.size)}` : ''})
      </span>
      {type.startsWith('image/') ? <img className="evidence-image" src={e.href} alt={e.title} loading="lazy" /> : null}
    </>
  );
}

/** What each referee said about each claim. */
export function RefereeAnswers({ referees }: { referees: Assessment['referees'] }) {
  if (!referees.length) return <p>No referees were asked.</p>;
  const words = { awaiting: 'has not answered yet', answered: 'answered', expired: 'did not answer before the link expired', cancelled: 'request cancelled' };
  return (
    <ul className="referee-list">
      {referees.map((r) => (
        <li key={r.email} className="referee">
          <h3>
            {r.name} <span className="hint">({r.relationship}, {r.email})</span>
          </h3>
          <p>{words[r.status]}</p>
          {r.answers.length ? (
            <ul>
              {r.answers.map((a) => (
                <li key={a.claimId}>
                  <strong className={a.answer === 'confirm' ? 'answer-confirm' : 'answer-dispute'}>{a.answer === 'confirm' ? 'Confirmed' : 'Disputed'}:</strong> {a.summary}
                  {a.comment ? <p className="referee-comment">“{a.comment}”</p> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
