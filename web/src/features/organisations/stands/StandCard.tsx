import { useState } from 'react';
import { Link } from 'react-router';
import { Problems, Section, useAction } from '../../../components/actions.js';
import { formatDate, formatTime } from '../../../components/format.js';
import { type OrganisationStand, type Person, type StandStaff, kindNames, standsApi, tierNames } from './api.js';
import { AddStaffForm } from './AddStaffForm.js';

const when = (s: OrganisationStand) => (s.event.startsOn === s.event.endsOn ? formatDate(s.event.startsOn) : `${formatDate(s.event.startsOn)} to ${formatDate(s.event.endsOn)}`);

/** One stand: the event, its leads, and its staff with their tickets. */
export function StandCard({ stand, people, changed }: { stand: OrganisationStand; people: Person[]; changed: (message: string) => Promise<void> }) {
  const s = stand;
  const open = s.event.status === 'published';
  const onStand = new Set(s.staff.map((p) => p.userId));
  return (
    <Section id={`stand-${s.exhibitor.id}`} title={`${s.event.title}: ${s.exhibitor.stand ? `stand ${s.exhibitor.stand}` : 'no stand number yet'}`}>
      <p className="item-detail">
        {s.exhibitor.name}, {tierNames[s.exhibitor.tier]} {kindNames[s.exhibitor.kind]} · {when(s)}
        {s.event.status === 'closed' ? ' · the event is over' : s.event.status === 'cancelled' ? ' · the event is cancelled' : ''}
      </p>
      <p>
        Leads: {s.namedLeads} named and {s.countedLeads} counted (visitors who did not share their contact are only counted).
      </p>
      {s.callerIsStaff ? (
        <p className="button-row">
          <Link to={standsApi.leadsPage(s)}>Scan badges and read the leads</Link>
          <a href={standsApi.leadsCsv(s)} download>
            Download the leads (CSV)
          </a>
        </p>
      ) : (
        <p className="hint">Only the stand’s staff read and export its leads: add yourself to the stand to do so.</p>
      )}
      <h3>Staff</h3>
      {s.staff.length === 0 ? <p className="empty">No one is on this stand yet.</p> : null}
      <ul className="item-list">
        {s.staff.map((p) => (
          <StaffRow key={p.userId} stand={s} person={p} changed={changed} />
        ))}
      </ul>
      {open ? <AddStaffForm stand={s} people={people.filter((p) => !onStand.has(p.userId))} changed={changed} /> : null}
    </Section>
  );
}

function StaffRow({ stand, person: p, changed }: { stand: OrganisationStand; person: StandStaff; changed: (message: string) => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const releasing = useAction(`release-${stand.exhibitor.id}-${p.userId}-`);
  const cancelled = p.ticketStatus === 'cancelled';
  return (
    <li className="item">
      <p className="item-title">
        {p.name} {cancelled ? <span className="tag tag-failed">Ticket cancelled</span> : p.checkedInAt ? <span className="tag tag-ok">Checked in</span> : <span className="tag">Not checked in</span>}
      </p>
      <p className="item-detail">
        {p.email} · ticket {p.reference}
        {p.checkedInAt ? ` · checked in ${formatTime(p.checkedInAt)}` : ''}
        {p.ticketMade ? '' : ' · their own ticket'}
      </p>
      <Problems action={releasing} labels={{}} />
      {stand.event.status === 'published' ? (
        <div className="button-row">
          {confirming ? (
            <>
              <button
                type="button"
                className="button button-danger button-small"
                onClick={releasing.run(async () => {
                  await standsApi.release(stand, p.userId);
                  await changed(`${p.name} is released from the stand${p.ticketMade ? '; their exhibitor ticket is cancelled' : ''}.`);
                })}
              >
                Confirm: release {p.name}
                {p.ticketMade ? ' and cancel their ticket' : ''}
              </button>
              <button type="button" className="button button-quiet button-small" onClick={() => setConfirming(false)}>
                Keep<span className="visually-hidden"> {p.name}</span>
              </button>
            </>
          ) : (
            <button type="button" className="button button-quiet button-small" onClick={() => setConfirming(true)}>
              Release<span className="visually-hidden"> {p.name}</span>
            </button>
          )}
        </div>
      ) : null}
    </li>
  );
}
