import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { Page } from '../../../components/Page.js';
import { Problems, messageOf, useAction } from '../../../components/actions.js';
import { SelectField, TextareaField } from '../../../components/controls.js';
import { Field, Submit } from '../../../components/forms.js';
import { formatTime } from '../../../components/format.js';
import { useEventParams } from '../params.js';
import { type Call, formatLabels, levelLabels, proposals } from './api.js';

const labels: Record<string, string> = { title: 'Title', abstract: 'Abstract', format: 'Format', level: 'Level', trackId: 'Track', coSpeakers: 'Co-speakers', 'coSpeakers.0.name': 'Co-speaker’s name', 'coSpeakers.0.email': 'Co-speaker’s e-mail address' };

/** `/events/:slug/propose`: a member proposes a presentation while the call is open. */
export function ProposePage() {
  const { slug = '' } = useEventParams();
  const [call, setCall] = useState<Call | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  useEffect(() => {
    proposals.call(slug).then(setCall, (e) => setLoadError(messageOf(e)));
  }, [slug]);

  if (loadError) return <Page title="Propose a presentation"><p className="banner banner-error" role="alert">{loadError}</p></Page>;
  if (!call) return <Page title="Propose a presentation"><p className="loading" role="status">Loading the call for presentations…</p></Page>;
  const title = `Propose a presentation: ${call.eventTitle}`;
  if (done) {
    return (
      <Page title={title}>
        <p className="banner" role="status">
          Thank you: “{done}” was submitted. You can change or withdraw it until the deadline on <Link to="/events/talks">your talks page</Link>.
        </p>
      </Page>
    );
  }
  if (!call.open) {
    return (
      <Page title={title}>
        <p className="banner" role="status">{call.status === 'none' ? 'This event has no call for presentations.' : 'The call for presentations is closed.'}</p>
      </Page>
    );
  }
  return (
    <Page title={title} lead={`Proposals are taken until ${formatTime(call.closesAt ?? '')}.`}>
      <section aria-labelledby="guidance-title" className="card">
        <h2 id="guidance-title">Guidance for speakers</h2>
        <p style={{ whiteSpace: 'pre-line' }}>{call.guidance}</p>
      </section>
      <ProposalForm call={call} onDone={setDone} />
    </Page>
  );
}

function ProposalForm({ call, onDone }: { call: Call; onDone: (title: string) => void }) {
  const action = useAction('propose-');
  const [v, setV] = useState({ title: '', abstract: '', format: call.formats[0] ?? 'talk', level: 'intermediate', trackId: '', coName: '', coEmail: '' });
  const set = (k: keyof typeof v) => (e: { target: { value: string } } | string) => setV((x) => ({ ...x, [k]: typeof e === 'string' ? e : e.target.value }));
  const submit = action.run(async () => {
    const co = v.coEmail.trim() ? [{ name: v.coName.trim(), email: v.coEmail.trim() }] : [];
    const made = await proposals.submit(call.eventId, { title: v.title, abstract: v.abstract, format: v.format as 'talk', level: v.level as 'advanced', trackId: v.trackId || null, coSpeakers: co });
    onDone(made.title);
  });
  return (
    <form onSubmit={submit} noValidate className="form">
      <Problems action={action} labels={labels} />
      <Field {...action.at('title')} label="Title" value={v.title} onChange={set('title')} maxLength={200} />
      <TextareaField {...action.at('abstract')} label="Abstract" hint="What attendees will learn, in 20 to 5,000 characters." value={v.abstract} onChange={set('abstract')} maxLength={5000} />
      <SelectField {...action.at('format')} label="Format" value={v.format} onChange={set('format')}>
        {call.formats.map((f) => <option key={f} value={f}>{formatLabels[f]}</option>)}
      </SelectField>
      <SelectField {...action.at('level')} label="Level" value={v.level} onChange={set('level')}>
        {call.levels.map((l) => <option key={l} value={l}>{levelLabels[l]}</option>)}
      </SelectField>
      {call.tracks.length ? (
        <SelectField {...action.at('trackId')} label="Track" value={v.trackId} onChange={set('trackId')}>
          <option value="">No preference</option>
          {call.tracks.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
        </SelectField>
      ) : null}
      <fieldset className="fieldset">
        <legend>Co-speaker (optional)</legend>
        <Field {...action.at('coSpeakers.0.name')} label="Co-speaker’s name" value={v.coName} onChange={set('coName')} maxLength={200} />
        <Field {...action.at('coSpeakers.0.email')} label="Co-speaker’s e-mail address" type="email" autoComplete="off" value={v.coEmail} onChange={set('coEmail')} maxLength={254} />
      </fieldset>
      <Submit busy={action.busy}>Submit proposal</Submit>
    </form>
  );
}
