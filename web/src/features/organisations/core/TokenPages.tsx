import { useState } from 'react';
import { useOrganisationParams } from '../params.js';
import { Page } from '../../../components/Page.js';
import { messageOf } from '../../../components/actions.js';
import { useSession } from '../../../components/session.js';
import { organisations, roleNames } from '../api.js';

/*
 * The two links an organisation mails: an invitation to join it, and a domain's confirmation. Both act only
 * on a button press (a mail scanner opening the link changes nothing) and need the right person signed in.
 */

type Outcome = { ok: true; text: string; organisationId: string } | { ok: false; text: string } | null;

function TokenPage({ title, lead, button, act }: { title: string; lead: string; button: string; act: (token: string) => Promise<{ text: string; organisationId: string }> }) {
  const { token = '' } = useOrganisationParams();
  const { user } = useSession();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  async function go() {
    setBusy(true);
    try {
      setOutcome({ ok: true, ...(await act(token)) });
    } catch (err) {
      setOutcome({ ok: false, text: messageOf(err) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Page title={title} lead={lead} narrow>
      {user ? <p>You are signed in as {user.email}.</p> : null}
      {outcome?.ok ? (
        <>
          <p role="status" className="banner">
            {outcome.text}
          </p>
          <p>
            {/* A full load: the session the app holds learns of the new role, and the navigation shows it. */}
            <a href={`/organisations/${encodeURIComponent(outcome.organisationId)}/settings`}>Go to the organisation</a>
          </p>
        </>
      ) : (
        <>
          {outcome ? (
            <p role="alert" className="banner banner-error">
              {outcome.text}
            </p>
          ) : null}
          <button type="button" className="button" disabled={busy} onClick={() => void go()}>
            {busy ? 'Sending…' : button}
          </button>
        </>
      )}
    </Page>
  );
}

export function AcceptInvitePage() {
  return (
    <TokenPage
      title="Join an organisation"
      lead="Accept the invitation while signed in with the address it was sent to. No account yet? Create one with that address first, then open the link again."
      button="Accept the invitation"
      act={async (token) => {
        const r = await organisations.acceptInvite(token);
        return { text: `You have joined ${r.name} as ${roleNames[r.role]}.`, organisationId: r.organisationId };
      }}
    />
  );
}

export function ConfirmDomainPage() {
  return (
    <TokenPage
      title="Confirm an e-mail domain"
      lead="Confirm that this domain belongs to your organisation. You must be signed in as one of its administrators."
      button="Confirm the domain"
      act={async (token) => {
        const r = await organisations.verifyDomain(token);
        return { text: `${r.domain} is confirmed as the organisation’s domain.`, organisationId: r.organisationId };
      }}
    />
  );
}
