import { useState } from 'react';
import { messageOf } from '../../../components/actions.js';
import type { CheckInKit, CheckInStatus } from './api.js';
import { checkinApi } from './api.js';

const words: Record<string, string> = {
  unknown_code: 'unknown code',
  cancelled: 'cancelled',
  wrong_day: 'wrong day',
  not_this_event: 'not this event',
  already_in: 'already in',
};

/** The latest scans of a list; an organiser may undo a check-in that stands, giving the reason. */
export function RecentScans({ kit, status, onChanged }: { kit: CheckInKit; status: CheckInStatus; onChanged: () => void }) {
  const [undoing, setUndoing] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState('');
  const time = (iso: string) => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: kit.timeZone });
  if (status.recent.length === 0) return <p>No scans on this list yet.</p>;
  return (
    <ul className="checkin-recent">
      {status.recent.map((s) => (
        <li key={s.nonce}>
          {time(s.scannedAt)} {s.scanner}: {s.name ?? 'no one'} — {s.outcome === 'accepted' ? 'accepted' : `refused (${s.reason ? words[s.reason] : 'refused'})`}
          {kit.organiser && s.checkinId && undoing !== s.checkinId ? (
            <>
              {' '}
              <button type="button" className="button button-secondary button-small" onClick={() => {
                  setUndoing(s.checkinId);
                  setReason('');
                  setProblem('');
                }}>
                Undo<span className="visually-hidden"> the check-in of {s.name}</span>
              </button>
            </>
          ) : null}
          {undoing && undoing === s.checkinId ? (
            <form
              onSubmit={async (e) => {
                e.preventDefault();
                try {
                  await checkinApi.undo(kit.eventId, undoing, reason);
                  setUndoing(null);
                  onChanged();
                } catch (err) {
                  setProblem(messageOf(err));
                }
              }}
            >
              <div className="field">
                <label htmlFor={`undo-${s.nonce}`}>Why undo the check-in of {s.name}?</label>
                <p className="hint" id={`undo-${s.nonce}-hint`}>
                  Once its session (or, at the door, the event) is closed, undoing also withdraws the CPD it earned; {s.name} is mailed this reason.
                </p>
                <input id={`undo-${s.nonce}`} className="input" value={reason} onChange={(e) => setReason(e.target.value)} aria-describedby={problem ? `undo-${s.nonce}-hint undo-${s.nonce}-error` : `undo-${s.nonce}-hint`} />
                {problem ? (
                  <p className="error-message" id={`undo-${s.nonce}-error`}>
                    {problem}
                  </p>
                ) : null}
              </div>
              <div className="button-row">
                <button type="submit" className="button button-danger button-small">
                  Undo check-in
                </button>
                <button type="button" className="button button-secondary button-small" onClick={() => setUndoing(null)}>
                  Keep it
                </button>
              </div>
            </form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
