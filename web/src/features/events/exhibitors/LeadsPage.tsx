import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../../../api.js';
import { Problems, Section, messageOf, useAction } from '../../../components/actions.js';
import { SelectField } from '../../../components/controls.js';
import { Field, Submit } from '../../../components/forms.js';
import { formatDate } from '../../../components/format.js';
import { Page } from '../../../components/Page.js';
import { QrScanner } from '../QrScanner.js';
import { useEventParams } from '../params.js';
import { type LeadList, type LeadResult, type MyStands, exhibitorsApi } from './api.js';
import { LeadNote } from './LeadNote.js';
import './exhibitors.css';

const labels = { code: 'Badge code or reference' };

type Answer = { kind: 'named' | 'counted' | 'refused'; text: string; detail?: string };

function answerOf(r: LeadResult): Answer {
  if (r.outcome === 'named' && r.lead) {
    return { kind: 'named', text: `${r.lead.name}${r.repeat ? ' is already in your leads' : ' added to your leads'}`, detail: [r.lead.organisationName, r.lead.email].filter(Boolean).join(' · ') };
  }
  return { kind: 'counted', text: r.repeat ? 'Already counted' : 'Counted, not named', detail: 'This visitor does not share their contact with exhibitors.' };
}

/** A stand's staff: scan or type a badge, see the answer large, the leads so far, and download them. */
export function LeadsPage() {
  const { slug = '' } = useEventParams();
  const [mine, setMine] = useState<MyStands | null>(null);
  const [standId, setStandId] = useState('');
  const [list, setList] = useState<LeadList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const scan = useAction('lead-');
  const eventId = mine?.event.id ?? '';

  useEffect(() => {
    exhibitorsApi.myStands(slug).then(
      (m) => {
        setMine(m);
        setStandId(m.stands[0]?.id ?? '');
      },
      (err) => setError(messageOf(err)),
    );
  }, [slug]);
  const load = useCallback(async () => {
    if (!eventId || !standId) return;
    try {
      setList(await exhibitorsApi.leads(eventId, standId));
    } catch (err) {
      setError(messageOf(err));
    }
  }, [eventId, standId]);
  useEffect(() => {
    void load();
  }, [load]);

  const record = async (text: string) => {
    try {
      setAnswer(answerOf(await exhibitorsApi.record(eventId, standId, text)));
      setCode('');
      await load();
    } catch (err) {
      setAnswer({ kind: 'refused', text: err instanceof ApiError ? err.message : messageOf(err) });
      if (!(err instanceof ApiError) || err.status >= 500) throw err;
    }
  };

  const stand = mine?.stands.find((s) => s.id === standId);
  return (
    <Page title={mine ? `Leads: ${mine.event.title}` : 'Leads'} lead="Scan a visitor's badge, or type the reference printed on it. Visitors who chose to share their contact are named; everyone else is only counted.">
      {error ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : null}
      {!mine && !error ? <p className="loading">Loading…</p> : null}
      {mine && mine.stands.length === 0 ? <p className="empty">You are not on the staff of any stand at this event. The event's organisers add stand staff.</p> : null}
      {mine && mine.stands.length > 1 ? (
        <SelectField id="lead-stand" label="Stand" value={standId} onChange={setStandId}>
          {mine.stands.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
              {s.stand ? ` (stand ${s.stand})` : ''}
            </option>
          ))}
        </SelectField>
      ) : null}
      {stand ? (
        <>
          <div role="status" aria-live="polite" className={answer ? `lead-answer lead-answer-${answer.kind}` : 'status-empty'}>
            {answer ? (
              <>
                {answer.text}
                {answer.detail ? <small>{answer.detail}</small> : null}
              </>
            ) : null}
          </div>
          <Section id="lead-scan" title={`Scan for ${stand.name}`}>
            <QrScanner label="Scan a badge with the camera" onCode={(text) => void record(text).catch(() => {})} />
            <form className="form" noValidate onSubmit={scan.run(() => record(code.trim()))}>
              <Problems action={scan} labels={labels} />
              <Field {...scan.at('code')} label={labels.code} hint="Such as K7QD-3WXA" value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" autoCapitalize="characters" spellCheck={false} />
              <Submit busy={scan.busy} busyText="Recording…">
                Record the badge
              </Submit>
            </form>
          </Section>
          <Section id="lead-list" title="Leads">
            {list ? (
              <p className="lead-counts">
                {list.leads.length} named {list.leads.length === 1 ? 'lead' : 'leads'} · {list.counted} more counted, not named
              </p>
            ) : null}
            {list && list.leads.length > 0 ? (
              <>
                <p>
                  <a className="button button-secondary" href={exhibitorsApi.csvUrl(eventId, standId)} download>
                    Download the leads (CSV)
                  </a>
                </p>
                <ul className="item-list">
                  {list.leads.map((l) => (
                    <li key={l.id} className="item">
                      <p className="item-title">{l.name}</p>
                      <p className="item-detail">
                        {[l.organisationName, l.email, `scanned ${formatDate(l.scannedAt)}`].filter(Boolean).join(' · ')}
                      </p>
                      <LeadNote lead={l} save={(note) => exhibitorsApi.note(eventId, standId, l.id, note)} />
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </Section>
        </>
      ) : null}
    </Page>
  );
}
