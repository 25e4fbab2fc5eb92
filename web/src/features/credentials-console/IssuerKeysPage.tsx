import { useCallback, useState } from 'react';
import { type IssuerKey, credentialsConsole } from '../../api/credentialsConsole.js';
import { messageOf } from '../../components/actions.js';
import { Dialog } from '../../components/controls.js';
import { formatDate, formatTime } from '../../components/format.js';
import { Status } from '../../components/forms.js';
import { useLoaded } from '../../components/loaded.js';
import { Page } from '../../components/Page.js';

const when = (iso: string | null) => (iso ? formatTime(iso) : 'never');

/** System administrators see the issuer's signing keys with what each signed, add a key that signs from now on, and retire old ones. */
export function IssuerKeysPage() {
  const fetch = useCallback(() => credentialsConsole.keys(), []);
  const { data, error, setError, done, changed } = useLoaded(fetch);
  const [confirm, setConfirm] = useState<{ kind: 'rotate' } | { kind: 'retire'; key: IssuerKey } | null>(null);
  const [busy, setBusy] = useState(false);

  async function run() {
    if (!confirm) return;
    setBusy(true);
    try {
      if (confirm.kind === 'rotate') {
        const r = await credentialsConsole.rotateKey();
        const current = r.keys.find((k) => k.current);
        setConfirm(null);
        await changed(`Key ${current?.number ?? ''} was added and signs new credentials from now on. Credentials signed with older keys still verify.`);
      } else {
        await credentialsConsole.retireKey(confirm.key.number);
        setConfirm(null);
        await changed(`Key ${confirm.key.number} is retired: it signs nothing new, and what it signed still verifies.`);
      }
    } catch (err) {
      setConfirm(null);
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title="Issuer keys" lead="The keys the body signs its credentials and status lists with. Every key stays in the issuer’s DID document, retired ones too, so whatever a key signed still verifies.">
      <Status message={done} className="status-success" />
      {error ? <p className="banner banner-error">{error}</p> : null}
      {!data && !error ? <p role="status">Loading the keys…</p> : null}
      {data ? (
        <>
          <p>
            The issuer’s identifier: <code>{data.did}</code>
          </p>
          <p>
            <button type="button" className="button" onClick={() => setConfirm({ kind: 'rotate' })}>
              Add a new signing key
            </button>
          </p>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard to be scrolled */}
          <section className="table-wrap" aria-labelledby="keys-caption" tabIndex={0}>
            <table className="audit-table">
              <caption id="keys-caption" className="visually-hidden">
                Signing keys
              </caption>
              <thead>
                <tr>
                  <th scope="col">Key</th>
                  <th scope="col">State</th>
                  <th scope="col">Credentials signed</th>
                  <th scope="col">Status lists</th>
                  <th scope="col">First and last use</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {data.keys.map((k) => (
                  <tr key={k.id}>
                    <th scope="row">
                      Key {k.number}
                      <br />
                      <span className="hint">added {formatDate(k.createdAt)}</span>
                    </th>
                    <td>{k.current ? <span className="tag tag-ok">Signs now</span> : k.retiredAt ? <span className="tag">Retired {formatDate(k.retiredAt)}</span> : <span className="tag tag-pending">Standing by</span>}</td>
                    <td>
                      {k.signed.credentials} {k.signed.credentials === 1 ? 'credential' : 'credentials'}
                      {k.signed.attendanceCredentials ? `, ${k.signed.attendanceCredentials} of attendance` : ''}
                    </td>
                    <td>{k.signed.statusLists}</td>
                    <td>
                      {when(k.signed.firstUsedAt)}
                      {k.signed.lastUsedAt && k.signed.lastUsedAt !== k.signed.firstUsedAt ? ` to ${when(k.signed.lastUsedAt)}` : ''}
                    </td>
                    <td>
                      {k.retiredAt ? '—' : (
                        <button type="button" className="button button-secondary button-small" onClick={() => setConfirm({ kind: 'retire', key: k })}>
                          Retire<span className="visually-hidden"> key {k.number}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <p className="hint">Status lists are signed when they are served, by the key that signs now.</p>
        </>
      ) : null}
      {confirm ? (
        <Dialog title={confirm.kind === 'rotate' ? 'Add a new signing key?' : `Retire key ${confirm.key.number}?`} onClose={() => setConfirm(null)}>
          <p>
            {confirm.kind === 'rotate'
              ? 'The new key signs every credential and status list from now on. Older keys stay published, so what they signed still verifies.'
              : 'A retired key signs nothing new and cannot be used again. It stays published, so what it signed still verifies. The only key that signs cannot be retired: add a new key first.'}
          </p>
          <p>
            <button type="button" className="button" disabled={busy} onClick={() => void run()}>
              {confirm.kind === 'rotate' ? 'Add the key' : `Retire key ${confirm.key.number}`}
            </button>
          </p>
        </Dialog>
      ) : null}
    </Page>
  );
}
