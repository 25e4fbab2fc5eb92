import { useCallback, useEffect, useState } from 'react';
import { type ApiScope, apiScopes, scopeNeeds } from '../../../../contracts/roles.js';
import { type ApiToken, ApiError, type CurrentUser, type NewApiToken, accounts } from '../../api.js';
import { ErrorSummary, Field, Status, Submit, useForm } from '../../components/forms.js';
import { formatDate } from '../../components/format.js';
import { accountsSchema } from '../../components/schemas.js';

const CreateApiTokenBody = accountsSchema('CreateApiTokenBody');

const scopeText: Record<ApiScope, string> = {
  'account:read': 'Read your account',
  'account:write': 'Change your account',
  'credentials:read': 'Read your credentials',
  'credentials:issue': 'Issue credentials',
  'register:read': 'Search the public register',
  'schemes:read': 'Read the schemes and their levels',
  'cpd:read': 'Read CPD records',
  'cpd:write': 'Log CPD activities',
  'cpd:import': 'Import CPD attendance in bulk',
  'organisations:read': 'Read your organisation’s team, employment requests and webhooks',
  'organisations:write': 'Act for your organisation',
  'events:read': 'Read your event registrations, agenda and the events you organise',
  'events:write': 'Register for events, check people in and organise events',
  admin: 'Administration',
};


const labels = { name: 'Token name', scopes: 'Scopes', expiresInDays: 'Expires', currentPassword: 'Your current password' };

/** Lists, creates (showing the secret once) and revokes the user's API tokens. */
export function ApiTokens({ user }: { user: CurrentUser }) {
  const [tokens, setTokens] = useState<ApiToken[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [created, setCreated] = useState<NewApiToken | null>(null);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);
  const [scopes, setScopes] = useState<ApiScope[]>(['account:read']);
  const form = useForm({ name: '', expiresInDays: '90', currentPassword: '' }, 'token-');
  const allowed = apiScopes.filter((s) => !scopeNeeds[s] || scopeNeeds[s].some((r) => user.roles.includes(r)));

  const load = useCallback(async () => {
    try {
      setTokens((await accounts.listApiTokens()).tokens);
      setLoadError(null);
    } catch (err) {
      setLoadError(err instanceof ApiError ? err.message : 'Your tokens could not be loaded.');
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const toBody = (v: { name: string; expiresInDays: string; currentPassword: string }) => ({ name: v.name, scopes, currentPassword: v.currentPassword, ...(v.expiresInDays ? { expiresInDays: Number(v.expiresInDays) } : {}) });
  const onSubmit = form.submit(
    async (v) => {
      setStatus(null);
      const t = await accounts.createApiToken(toBody(v));
      setCreated(t);
      form.reset();
      setScopes(['account:read']);
      setStatus({ text: `Token “${t.name}” created. Copy it now: it will not be shown again.`, error: false });
      await load();
    },
    CreateApiTokenBody,
    toBody,
  );

  async function revoke(t: ApiToken) {
    if (!window.confirm(`Revoke the token “${t.name}”? Programs using it will stop working.`)) return;
    try {
      await accounts.revokeApiToken(t.id);
      if (created?.id === t.id) setCreated(null);
      setStatus({ text: `Token “${t.name}” revoked.`, error: false });
      await load();
    } catch (err) {
      setStatus({ text: err instanceof ApiError ? err.message : 'Revoking failed; try again.', error: true });
    }
  }

  return (
    <section aria-labelledby="tokens-title" className="card card-wide">
      <h2 id="tokens-title">API tokens</h2>
      <p>Tokens let other programs use Guildhall’s API on your behalf, limited to the scopes you choose.</p>
      <Status message={status?.text} className={status?.error ? 'status-error' : 'status-success'} />
      {created ? <NewToken token={created} onDone={() => setCreated(null)} /> : null}
      <TokenTable tokens={tokens} error={loadError} onRevoke={revoke} />
      <h3>Create a token</h3>
      <form onSubmit={onSubmit} noValidate className="form">
        <ErrorSummary form={form} labels={labels} />
        <Field {...form.field('name')} label={labels.name} hint="So you can recognise it later, e.g. “CPD sync from our LMS”." required />
        <fieldset className={form.errors.scopes ? 'field field-error' : 'field'} aria-describedby={form.errors.scopes ? 'token-scopes-error' : undefined}>
          <legend>{labels.scopes}</legend>
          {form.errors.scopes ? (
            <p className="error-message" id="token-scopes-error">
              <span className="visually-hidden">Error: </span>
              {form.errors.scopes[0]}
            </p>
          ) : null}
          <div className="checkboxes">
            {allowed.map((s, i) => (
              <div className="checkbox" key={s}>
                <input
                  type="checkbox"
                  // The first box carries the group's id, so the error summary's link lands on it.
                  id={i === 0 ? 'token-scopes' : `scope-${s}`}
                  checked={scopes.includes(s)}
                  onChange={(e) => setScopes((cur) => (e.target.checked ? [...cur, s] : cur.filter((x) => x !== s)))}
                />
                <label htmlFor={i === 0 ? 'token-scopes' : `scope-${s}`}>
                  {scopeText[s]} <code>{s}</code>
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor="token-expiresInDays">{labels.expiresInDays}</label>
          <select id="token-expiresInDays" className="input input-medium" value={form.values.expiresInDays} onChange={(e) => form.set('expiresInDays', e.target.value)}>
            <option value="30">In 30 days</option>
            <option value="90">In 90 days</option>
            <option value="365">In a year</option>
            <option value="730">In two years</option>
            <option value="">Never</option>
          </select>
        </div>
        <Field
          {...form.field('currentPassword')}
          label={labels.currentPassword}
          type="password"
          autoComplete="current-password"
          hint="A token acts as you until it is revoked, so creating one asks for your password. Changing your password revokes every token."
          required
        />
        <Submit busy={form.submitting} busyText="Creating…">
          Create token
        </Submit>
      </form>
    </section>
  );
}

function NewToken({ token, onDone }: { token: NewApiToken; onDone: () => void }) {
  const [copied, setCopied] = useState<string | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('Copying is blocked here; select the token and copy it yourself.');
    }
  }
  return (
    <section className="new-token" aria-labelledby="new-token-title">
      <h3 id="new-token-title">Your new token</h3>
      <p>Store it somewhere safe now. Guildhall keeps only a fingerprint of it and cannot show it again.</p>
      <label htmlFor="new-token-value" className="visually-hidden">
        New API token
      </label>
      <input id="new-token-value" className="input token-value" readOnly value={token.token} onFocus={(e) => e.target.select()} />
      <div className="button-row">
        <button type="button" className="button" onClick={copy}>
          Copy token
        </button>
        <button type="button" className="button button-secondary" onClick={onDone}>
          I have stored it
        </button>
      </div>
      <p role="status" className="hint">
        {copied}
      </p>
    </section>
  );
}

function TokenTable({ tokens, error, onRevoke }: { tokens: ApiToken[] | null; error: string | null; onRevoke: (t: ApiToken) => void }) {
  if (error) return <p className="banner banner-error">{error}</p>;
  if (!tokens) return <p>Loading your tokens…</p>;
  if (!tokens.length) return <p className="empty">You have no active tokens.</p>;
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard to be scrolled
    <section className="table-wrap" aria-labelledby="tokens-caption" tabIndex={0}>
      <table>
        <caption id="tokens-caption" className="visually-hidden">
          Your active API tokens
        </caption>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Starts with</th>
            <th scope="col">Scopes</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>
                <code>{t.prefix}…</code>
              </td>
              <td>{t.scopes.join(', ')}</td>
              <td>{formatDate(t.createdAt)}</td>
              <td>{t.expiresAt ? formatDate(t.expiresAt) : 'Never'}</td>
              <td>{t.lastUsedAt ? formatDate(t.lastUsedAt) : 'Not yet'}</td>
              <td>
                <button type="button" className="button button-small button-danger" onClick={() => onRevoke(t)}>
                  Revoke<span className="visually-hidden"> {t.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
