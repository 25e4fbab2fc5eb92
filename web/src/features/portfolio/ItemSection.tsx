import type { Evaluation, EvidenceSummary, PortfolioItem, PortfolioView } from './types.js';
import { formatSize } from '../../components/format.js';
import { type ItemKind, describe, kindNames } from '../../components/portfolio-items.js';

export type ItemAction = { type: 'add'; kind: ItemKind } | { type: 'edit' | 'delete' | 'evidence'; item: PortfolioItem };

/** One part of the portfolio (education, certifications, work, contributions): its items and their evidence. */
export function ItemSection({
  kind,
  view,
  flags,
  onAction,
}: {
  kind: ItemKind;
  view: PortfolioView;
  flags: Evaluation['flags'];
  onAction: (a: ItemAction) => void;
}) {
  const items = view.items.filter((i) => i.kind === kind);
  const names = kindNames[kind];
  const headingId = `section-${kind}`;
  return (
    <section aria-labelledby={headingId} className="card portfolio-section">
      <div className="section-head">
        <h2 id={headingId} tabIndex={-1}>
          {names.section}
        </h2>
        <button type="button" className="button button-secondary button-small" onClick={() => onAction({ type: 'add', kind })}>
          Add {kind === 'education' ? 'education' : kind === 'work' ? 'a job' : `a ${names.one}`}
        </button>
      </div>
      {items.length === 0 ? (
        <p className="empty">Nothing here yet.</p>
      ) : (
        <ul className="item-list">
          {items.map((item) => (
            <ItemRow key={item.id} item={item} view={view} flags={flags.filter((f) => f.itemId === item.id)} onAction={onAction} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ItemRow({ item, view, flags, onAction }: { item: PortfolioItem; view: PortfolioView; flags: Evaluation['flags']; onAction: (a: ItemAction) => void }) {
  const { title, detail } = describe(item);
  const notices = view.meta[item.id]?.notices ?? [];
  const evidence = view.evidence.filter((e) => e.itemIds.includes(item.id));
  return (
    <li className="item">
      <h3 className="item-title">{title}</h3>
      <p className="item-detail">{detail}</p>
      {item.kind === 'work' && item.referee ? (
        <p className="item-detail">
          Referee: {item.referee.name} ({item.referee.relationship})
        </p>
      ) : null}
      {[...notices.map((n) => n.message), ...flags.map((f) => f.message)].map((m) => (
        <p key={m} className="item-notice">
          {m}
        </p>
      ))}
      {evidence.length ? <EvidenceList evidence={evidence} /> : null}
      <div className="button-row item-actions">
        <button type="button" className="button button-secondary button-small" onClick={() => onAction({ type: 'edit', item })}>
          Edit<span className="visually-hidden"> {title}</span>
        </button>
        <button type="button" className="button button-secondary button-small" onClick={() => onAction({ type: 'evidence', item })}>
          Add evidence<span className="visually-hidden"> for {title}</span>
        </button>
        <button type="button" className="button button-danger button-small" onClick={() => onAction({ type: 'delete', item })}>
          Delete<span className="visually-hidden"> {title}</span>
        </button>
      </div>
    </li>
  );
}

function EvidenceList({ evidence }: { evidence: EvidenceSummary[] }) {
  return (
    <div className="evidence">
      <p className="evidence-title">Evidence</p>
      <ul>
        {evidence.map((e) => (
          <li key={e.id}>
            {e.kind === 'link' && e.url ? (
              <a href={e.url} rel="noopener noreferrer" target="_blank">
                {e.title}
                <span className="visually-hidden"> (link, opens in a new tab)</span>
              </a>
            ) : e.href ? (
              <a href={e.href}>{e.title}</a>
            ) : (
              e.title
            )}
            {e.file ? <span className="hint"> · {fileType(e.file.mediaType)}, {formatSize(e.file.size)}</span> : <span className="hint"> · link</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

const fileType = (t: string) => (t === 'application/pdf' ? 'PDF' : t === 'image/png' ? 'PNG' : t === 'image/jpeg' ? 'JPEG' : t);
