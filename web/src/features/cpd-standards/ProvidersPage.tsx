import { useCallback, useEffect, useState } from 'react';
import { cpdStandardsSchema } from '../../components/schemas.js';
import { ApiError, type CpdProvider, cpdStandards } from '../../api.js';
import { ErrorSummary, Field, Status, Submit, useForm } from '../../components/forms.js';
import { Loading } from '../../components/guards.js';
import { Page } from '../../components/Page.js';
import { cpdActivityTypes, cpdTypeSpecs } from '../../../../contracts/cpd-types.js';
import { Dialog, SelectField } from '../../components/controls.js';

const AddCpdProviderCodeBody = cpdStandardsSchema('AddCpdProviderCodeBody');
const AddCpdProviderUserBody = cpdStandardsSchema('AddCpdProviderUserBody');
const CreateCpdProviderBody = cpdStandardsSchema('CreateCpdProviderBody');
const SuspendCpdProviderBody = cpdStandardsSchema('SuspendCpdProviderBody');
const typeOptions = cpdActivityTypes.map((t) => ({ value: t, label: cpdTypeSpecs[t].label }));

type Open = { kind: 'code' | 'user' | 'suspend'; provider: CpdProvider } | null;
const message = (err: unknown) => (err instanceof ApiError ? err.message : 'Something went wrong. Try again.');
const optional = (v: string) => v.trim() || undefined;

const approveLabels = { slug: 'Short name', name: 'Name', contactEmail: 'Contact e-mail' };
const codeLabels = { code: 'Code', type: 'Type', title: 'Title', hours: 'Hours', validFrom: 'Valid from', validTo: 'Valid to' };

/** Approves a new provider: the short name is how it is told apart in files and links. */
function ApproveForm({ onDone }: { onDone: (p: CpdProvider) => void }) {
  const form = useForm({ slug: '', name: '', contactEmail: '' }, 'provider-');
  const body = (v: typeof form.values) => ({ slug: v.slug.trim(), name: v.name, contactEmail: optional(v.contactEmail) });
  return (
    <section className="section" aria-labelledby="approve-h">
      <h2 id="approve-h">Approve a provider</h2>
      <form
        className="form"
        noValidate
        onSubmit={form.submit(async (v) => {
          onDone(await cpdStandards.createProvider(body(v)));
          form.reset();
        }, CreateCpdProviderBody, body)}
      >
        <ErrorSummary form={form} labels={approveLabels} />
        <Field {...form.field('name')} label={approveLabels.name} autoComplete="organization" />
        <Field {...form.field('slug')} label={approveLabels.slug} hint="2 to 60 lower-case letters, digits or hyphens, such as itsm-academy" className="input input-medium" />
        <Field {...form.field('contactEmail')} label={`${approveLabels.contactEmail} (optional)`} type="email" autoComplete="email" />
        <Submit busy={form.submitting} busyText="Approving…">
          Approve provider
        </Submit>
      </form>
    </section>
  );
}

/** An activity code the provider may credit: what a credited row becomes. */
function CodeForm({ provider, onDone }: { provider: CpdProvider; onDone: (text: string) => void }) {
  const form = useForm({ code: '', type: 'training', title: '', hours: '', validFrom: '', validTo: '' }, 'code-');
  const body = (v: typeof form.values) => ({
    code: v.code.trim(),
    type: v.type,
    title: v.title,
    hours: v.hours.trim() ? Number(v.hours) : (undefined as unknown as number),
    validFrom: optional(v.validFrom),
    validTo: optional(v.validTo),
  });
  return (
    <form
      className="form"
      noValidate
      onSubmit={form.submit(async (v) => {
        const c = await cpdStandards.addCode(provider.id, body(v) as never);
        onDone(`Added the code ${c.code} to ${provider.name}.`);
      }, AddCpdProviderCodeBody, body)}
    >
      <ErrorSummary form={form} labels={codeLabels} />
      <Field {...form.field('code')} label={codeLabels.code} hint="Up to 40 letters, digits, “.”, “_” or “-”, as the provider writes it in its files" className="input input-medium" />
      <SelectField id="code-type" label={codeLabels.type} value={form.values.type} error={form.errors.type?.[0]} onChange={(v) => form.set('type', v)}>
        {typeOptions.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </SelectField>
      <Field {...form.field('title')} label={codeLabels.title} />
      <Field {...form.field('hours')} label={codeLabels.hours} hint="In quarter hours, such as 1.5" inputMode="decimal" className="input input-short" />
      <Field {...form.field('validFrom')} label={`${codeLabels.validFrom} (optional)`} type="date" className="input input-medium" />
      <Field {...form.field('validTo')} label={`${codeLabels.validTo} (optional)`} type="date" className="input input-medium" />
      <Submit busy={form.submitting} busyText="Adding…">
        Add code
      </Submit>
    </form>
  );
}

/** An account that may import for the provider (it must exist already). */
function UserForm({ provider, onDone }: { provider: CpdProvider; onDone: (text: string) => void }) {
  const form = useForm({ email: '' }, 'user-');
  return (
    <form
      className="form"
      noValidate
      onSubmit={form.submit(async (v) => {
        const u = await cpdStandards.addUser(provider.id, v.email.trim());
        onDone(`${u.name} (${u.email}) may now import for ${provider.name}.`);
      }, AddCpdProviderUserBody)}
    >
      <ErrorSummary form={form} labels={{ email: 'E-mail address' }} />
      <Field {...form.field('email')} label="E-mail address of their account" hint="They import with this account, or with an API token of it that carries cpd:import" type="email" autoComplete="off" />
      <Submit busy={form.submitting} busyText="Adding…">
        Add user
      </Submit>
    </form>
  );
}

function SuspendForm({ provider, onDone }: { provider: CpdProvider; onDone: (text: string) => void }) {
  const form = useForm({ reason: '' }, 'suspend-');
  return (
    <form
      className="form"
      noValidate
      onSubmit={form.submit(async (v) => {
        await cpdStandards.suspendProvider(provider.id, v.reason);
        onDone(`${provider.name} is suspended: its users cannot import until it is reactivated.`);
      }, SuspendCpdProviderBody)}
    >
      <ErrorSummary form={form} labels={{ reason: 'Reason' }} />
      <p>Its users cannot import while it is suspended. Credits it has given stand.</p>
      <Field {...form.field('reason')} label="Reason" hint="Kept in the audit log" />
      <Submit busy={form.submitting} busyText="Suspending…" className="button button-danger">
        Suspend provider
      </Submit>
    </form>
  );
}

/** One provider: its codes, the accounts that import for it, and what the administrator may change. */
function ProviderCard({ provider, open, changed }: { provider: CpdProvider; open: (kind: 'code' | 'user' | 'suspend') => void; changed: (text: string) => Promise<void> }) {
  const h = `provider-${provider.id}`;
  const suspended = provider.status === 'suspended';
  return (
    <li className="item">
      <h3 id={h} className="item-title">
        {provider.name} <span className={suspended ? 'tag tag-warn' : 'tag tag-ok'}>{suspended ? 'Suspended' : 'Approved'}</span>
      </h3>
      <p className="item-detail">
        Short name <code>{provider.slug}</code>
        {provider.contactEmail ? ` · ${provider.contactEmail}` : ''}
      </p>
      <h4>Activity codes</h4>
      {provider.codes.length === 0 ? (
        <p className="empty">No codes yet: it cannot credit anything until it has one.</p>
      ) : (
        <ul>
          {provider.codes.map((c) => (
            <li key={c.code}>
              <code>{c.code}</code>: {c.title}, {c.hours} {c.hours === 1 ? 'hour' : 'hours'}
              {c.validFrom || c.validTo ? ` (valid ${c.validFrom ?? 'from the start'} to ${c.validTo ?? 'no end'})` : ''}
            </li>
          ))}
        </ul>
      )}
      <h4>Users who import for it</h4>
      {provider.users.length === 0 ? (
        <p className="empty">No users yet.</p>
      ) : (
        <ul className="provider-users">
          {provider.users.map((u) => (
            <li key={u.id}>
              {u.name} ({u.email}){' '}
              <button
                type="button"
                className="button button-secondary button-small"
                onClick={async () => {
                  if (!window.confirm(`Stop ${u.email} importing for ${provider.name}?`)) return;
                  try {
                    await cpdStandards.removeUser(provider.id, u.id);
                    await changed(`${u.email} no longer imports for ${provider.name}.`);
                  } catch (err) {
                    await changed(message(err));
                  }
                }}
              >
                Remove<span className="visually-hidden"> {u.email} from {provider.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="item-actions">
        <button type="button" className="button button-secondary button-small" onClick={() => open('code')}>
          Add a code<span className="visually-hidden"> to {provider.name}</span>
        </button>
        <button type="button" className="button button-secondary button-small" onClick={() => open('user')}>
          Add a user<span className="visually-hidden"> to {provider.name}</span>
        </button>
        {suspended ? (
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={async () => {
              try {
                await cpdStandards.reactivateProvider(provider.id);
                await changed(`${provider.name} is approved again.`);
              } catch (err) {
                await changed(message(err));
              }
            }}
          >
            Reactivate<span className="visually-hidden"> {provider.name}</span>
          </button>
        ) : (
          <button type="button" className="button button-danger button-small" onClick={() => open('suspend')}>
            Suspend<span className="visually-hidden"> {provider.name}</span>
          </button>
        )}
      </div>
    </li>
  );
}

const titles = { code: 'Add an activity code', user: 'Add a user', suspend: 'Suspend' } as const;

/** The scheme administrator's approved CPD providers: approve, add codes and users, suspend and reactivate. */
export function ProvidersPage() {
  const [providers, setProviders] = useState<CpdProvider[] | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  const load = useCallback(async () => setProviders((await cpdStandards.providers()).items), []);
  useEffect(() => {
    load().catch((err) => setLoadError(message(err)));
  }, [load]);

  const changed = async (text: string) => {
    setOpen(null);
    await load().catch((err) => setLoadError(message(err)));
    setStatus(text);
  };

  if (loadError) return <Page title="CPD providers" lead={loadError} />;
  if (!providers) return <Loading what="Loading the providers" />;
  return (
    <Page title="CPD providers" lead="Approved providers credit members’ CPD by file or API without members typing it again. Each credit names one of the provider’s activity codes.">
      <Status message={status} />
      <section className="section" aria-labelledby="providers-h">
        <h2 id="providers-h">Providers ({providers.length})</h2>
        {providers.length === 0 ? (
          <p className="empty">No providers yet.</p>
        ) : (
          <ul className="item-list">
            {providers.map((p) => (
              <ProviderCard key={p.id} provider={p} open={(kind) => setOpen({ kind, provider: p })} changed={changed} />
            ))}
          </ul>
        )}
      </section>
      <ApproveForm onDone={(p) => changed(`${p.name} is approved. Add its activity codes and the users who import for it.`)} />
      {open ? (
        <Dialog title={`${titles[open.kind]}: ${open.provider.name}`} onClose={() => setOpen(null)}>
          {open.kind === 'code' ? <CodeForm provider={open.provider} onDone={changed} /> : open.kind === 'user' ? <UserForm provider={open.provider} onDone={changed} /> : <SuspendForm provider={open.provider} onDone={changed} />}
        </Dialog>
      ) : null}
    </Page>
  );
}
