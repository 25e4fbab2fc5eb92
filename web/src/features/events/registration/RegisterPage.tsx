import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Problems, Section, messageOf, useAction } from '../../../components/actions.js';
import { Field, HintError, Status, Submit, describedBy } from '../../../components/forms.js';
import { Page } from '../../../components/Page.js';
import { useServerValue } from '../../../ssr/data.js';
import { useEventParams } from '../params.js';
import { type RegistrationOptions, price, registration } from './api.js';
import { ErrorBanner } from './ErrorBanner.js';
import './registration.css';

const labels = { ticketTypeId: 'Ticket', name: 'Your name', email: 'E-mail address', organisationName: 'Organisation' };

/** What the server rendered the page with (server/modules/events/registration/pages.ts). */
type Served = { options: RegistrationOptions } | { error: string };

/** The ticket chosen at first: the first with places left, else the first. */
const firstChoice = (o: RegistrationOptions) => o.ticketTypes.find((x) => x.remaining !== 0)?.id ?? o.ticketTypes[0]?.id ?? '';

/**
 * /events/:slug/register: a signed-in member registers in one click (name and address from the account);
 * anyone else as a guest with a name and an address. A full ticket offers its waiting list instead.
 */
export function RegisterPage() {
  const { slug = '' } = useEventParams();
  const navigate = useNavigate();
  const served = useServerValue<Served>(`registration:${slug}`);
  const [opts, setOpts] = useState<RegistrationOptions | null>(served && 'options' in served ? served.options : null);
  const [loadError, setLoadError] = useState<string | null>(served && 'error' in served ? served.error : null);
  const [ticket, setTicket] = useState(opts ? firstChoice(opts) : '');
  const [organisationName, setOrganisation] = useState('');
  const [share, setShare] = useState(false);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [message, setMessage] = useState('');
  const action = useAction('reg-');

  const load = useCallback(async () => {
    try {
      const o = await registration.options(slug);
      setOpts(o);
      setTicket((t) => t || firstChoice(o));
    } catch (err) {
      setLoadError(messageOf(err));
    }
  }, [slug]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the options the server rendered are not asked for again
  useEffect(() => {
    if (!served) void load();
  }, [load]);

  if (loadError || !opts)
    return (
      <Page title="Register">
        <ErrorBanner error={loadError} />
        {loadError ? null : <p className="loading">Loading…</p>}
      </Page>
    );

  const chosen = opts.ticketTypes.find((t) => t.id === ticket);
  const full = chosen?.remaining === 0;
  const choice = { ticketTypeId: ticket, ...(organisationName.trim() ? { organisationName: organisationName.trim() } : {}), shareWithExhibitors: share };
  const submit = (e: FormEvent) =>
    action.run(async () => {
      if (opts.signedIn && full) {
        const w = await registration.joinWaitingList(slug, choice);
        setMessage(`You are on the waiting list, number ${w.position}. We will e-mail you if a place frees.`);
        await load();
      } else if (opts.signedIn) {
        await registration.register(slug, choice);
        navigate(`/events/${encodeURIComponent(opts.event.slug)}/ticket`);
      } else {
        const guest = { ...choice, name, email };
        const r = full ? await registration.joinWaitingListAsGuest(slug, guest) : await registration.registerGuest(slug, guest);
        setMessage(r.message);
        await load();
      }
    })(e);
  const ticketError = action.at('ticketTypeId').error;

  return (
    <Page title={`Register: ${opts.event.title}`} narrow>
      <Status message={message} />
      {opts.mine?.status === 'confirmed' ? (
        <p className="banner">
          You are registered (reference {opts.mine.reference}). <Link to={`/events/${encodeURIComponent(opts.event.slug)}/ticket`}>See your ticket</Link>.
        </p>
      ) : null}
      {opts.waiting.map((w) => (
        <p key={w.id} className="banner">
          {w.status === 'offered' ? 'A place is offered to you: use the link in your e-mail to claim it.' : `You are number ${w.position} on the waiting list for the ${w.ticketTypeName} ticket.`}
        </p>
      ))}
      {!opts.open ? <p className="banner">{opts.closedReason}</p> : null}
      {opts.open && opts.mine?.status !== 'confirmed' && opts.waiting.length === 0 ? (
        <Section id="register" title={opts.signedIn ? 'Choose your ticket' : 'Register as a guest'}>
          {!opts.signedIn ? (
            <p>
              A member? <Link to={`/sign-in?next=${encodeURIComponent(`/events/${opts.event.slug}/register`)}`}>Sign in</Link> to register in one click.
            </p>
          ) : null}
          <form onSubmit={submit} noValidate>
            <Problems action={action} labels={labels} />
            <fieldset className={ticketError ? 'ticket-choice field-error' : 'ticket-choice'} aria-describedby={describedBy('reg-ticketTypeId', undefined, ticketError)}>
              <legend>Ticket</legend>
              <HintError id="reg-ticketTypeId" error={ticketError} />
              {opts.ticketTypes.map((t, i) => (
                <div className="radio" key={t.id}>
                  <input type="radio" name="ticketTypeId" id={i === 0 ? 'reg-ticketTypeId' : `reg-ticket-${t.id}`} value={t.id} checked={ticket === t.id} onChange={() => setTicket(t.id)} />
                  <label htmlFor={i === 0 ? 'reg-ticketTypeId' : `reg-ticket-${t.id}`}>
                    {t.name}: {price(t.priceMinor, t.currency)}
                    {t.remaining === 0 ? ` (full; ${t.waiting} waiting)` : t.remaining !== null && t.remaining < 20 ? ` (${t.remaining} left)` : ''}
                  </label>
                </div>
              ))}
            </fieldset>
            {!opts.signedIn ? (
              <>
                <Field {...action.at('name')} label="Your name" hint="As it should appear on your badge." value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
                <Field {...action.at('email')} label="E-mail address" hint="Your confirmation and check-in code are sent here." type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" />
              </>
            ) : null}
            <Field {...action.at('organisationName')} label="Organisation (optional)" value={organisationName} onChange={(e) => setOrganisation(e.target.value)} autoComplete="organization" />
            <div className="checkbox">
              <input type="checkbox" id="reg-share" checked={share} onChange={(e) => setShare(e.target.checked)} />
              <label htmlFor="reg-share">Share my contact with exhibitors who scan my badge</label>
            </div>
            <p className="hint">Off unless you tick it: exhibitors who scan your badge otherwise only count the visit.</p>
            {full && !opts.signedIn ? <p className="hint">This ticket is full: join its waiting list, and we will e-mail you a link to claim a place that frees.</p> : null}
            <Submit busy={action.busy}>{full ? 'Join the waiting list' : opts.signedIn ? 'Register' : 'Register as a guest'}</Submit>
          </form>
        </Section>
      ) : null}
    </Page>
  );
}
