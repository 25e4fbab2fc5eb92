import { useCallback, useEffect, useState } from 'react';
import { Page } from '../../../components/Page.js';
import { messageOf } from '../../../components/actions.js';
import { Status } from '../../../components/forms.js';
import { ManageNav } from '../ManageNav.js';
import { useEventParams } from '../params.js';
import { type Proposals, proposals } from './api.js';
import { CallSettings } from './CallSettings.js';
import { ProposalCard } from './ProposalCard.js';

/** `/events/manage/:eventId/proposals`: the call's settings, and the proposals to review (reviewers) or decide (organisers). */
export function ManageProposalsPage() {
  const { eventId = '' } = useEventParams();
  const [data, setData] = useState<Proposals | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const load = useCallback(() => proposals.list(eventId).then(setData, (e) => setError(messageOf(e))), [eventId]);
  useEffect(() => {
    load();
  }, [load]);
  const done = (message: string) => {
    setStatus(message);
    load();
  };
  if (!data) {
    return (
      <Page title="Proposals">
        <ManageNav eventId={eventId} />
        {error ? <p className="banner banner-error" role="alert">{error}</p> : <p className="loading" role="status">Loading the proposals…</p>}
      </Page>
    );
  }
  const open = data.proposals.filter((p) => p.status === 'submitted');
  return (
    <Page title={`Proposals: ${data.event.title}`} lead={data.organiser ? 'Reviewers score each proposal without seeing one another’s reviews; you see them all and decide.' : 'Score each proposal from 1 to 5 with a comment for the organisers. No other reviewer and no speaker sees your review.'}>
      <ManageNav eventId={eventId} title={data.event.title} />
      <Status message={status} />
      {data.organiser ? <CallSettings eventId={eventId} data={data} onDone={done} /> : null}
      <h2>{open.length} proposal{open.length === 1 ? '' : 's'} under review</h2>
      {data.proposals.length === 0 ? <p>No proposals yet.</p> : null}
      {data.proposals.map((p) => <ProposalCard key={p.id} proposal={p} data={data} onDone={done} />)}
    </Page>
  );
}
