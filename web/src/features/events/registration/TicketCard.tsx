import { Link } from 'react-router';
import { formatDate } from '../../../components/format.js';
import { type MyRegistration, price, registration } from './api.js';

/**
 * One registration as its holder sees it: the check-in QR code (an SVG the server drew from the signed
 * code, nothing the user typed), the reference to give at the door, the badge, the agenda and cancelling.
 */
export function TicketCard({ r, onCancel }: { r: MyRegistration; onCancel?: (r: MyRegistration) => void }) {
  const what = `${r.event.title}, ${r.ticketType.name}`;
  return (
    <article className="card ticket" aria-label={what}>
      <h2>
        <Link to={`/events/${encodeURIComponent(r.event.slug)}`}>{r.event.title}</Link>
      </h2>
      <p>
        {r.ticketType.name} · {r.event.startsOn === r.event.endsOn ? formatDate(r.event.startsOn) : `${formatDate(r.event.startsOn)} to ${formatDate(r.event.endsOn)}`}
        {r.event.venueName ? ` · ${r.event.venueName}` : ''}
      </p>
      {r.status === 'cancelled' ? (
        <p className="tag">Cancelled</p>
      ) : (
        <>
          {r.qrSvg ? (
            // biome-ignore lint/security/noDangerouslySetInnerHtml: the server's own drawing of the signed code
            <div className="ticket-qr" role="img" aria-label={`Check-in code for ${r.name}`} dangerouslySetInnerHTML={{ __html: r.qrSvg }} />
          ) : null}
          <p>
            Reference <strong className="ticket-reference">{r.reference}</strong>: give it at the door if the code will not scan.
          </p>
          <p>
            {r.name}
            {r.organisationName ? `, ${r.organisationName}` : ''} · {r.feeMinor === 0 ? 'Free' : `${price(r.feeMinor, r.currency)} ${r.feePaidAt ? '(paid)' : '(to pay)'}`}
          </p>
          {r.joinUrl ? (
            <p>
              Join online: <a href={r.joinUrl}>{r.joinUrl}</a>
            </p>
          ) : null}
          <div className="item-actions">
            <a className="button button-small" href={registration.badgeUrl(r.id)}>
              Badge to print (PDF)<span className="visually-hidden"> for {what}</span>
            </a>
            <Link className="button button-secondary button-small" to={`/events/${encodeURIComponent(r.event.slug)}/agenda`}>
              My agenda<span className="visually-hidden"> for {r.event.title}</span>
            </Link>
            {r.canCancel && onCancel ? (
              <button type="button" className="button button-secondary button-small" onClick={() => onCancel(r)}>
                Cancel registration<span className="visually-hidden"> for {what}</span>
              </button>
            ) : null}
          </div>
          {r.cancelUntil && r.canCancel ? <p className="hint">You may cancel until {formatDate(r.cancelUntil)}.</p> : null}
        </>
      )}
    </article>
  );
}
