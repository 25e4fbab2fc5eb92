import { type FormEvent, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, type RegisterListing, register } from '../../api.js';
import { Status, Submit } from '../../components/forms.js';
import { Page } from '../../components/Page.js';
import { RegisterResult } from './RegisterResult.js';

/** The member's choice to appear in the public register (off until they turn it on), and what it shows. */
export function RegisterListingPage() {
  const [listing, setListing] = useState<RegisterListing | null>(null);
  const [draft, setDraft] = useState({ listed: false, showCountry: false, listCertifications: false, listResponsibility: false });
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    register
      .listing()
      .then((l) => {
        setListing(l);
        setDraft({ listed: l.listed, showCountry: l.showCountry, listCertifications: l.listCertifications, listResponsibility: l.listResponsibility });
      })
      .catch((err) => setError(err instanceof ApiError ? err.message : 'Your listing could not be loaded.'));
  }, []);

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setSaved(null);
    setError(null);
    try {
      const l = await register.updateListing(draft);
      setListing(l);
      setSaved(l.listed ? (l.preview ? 'Saved. You are listed in the public register.' : 'Saved. You will be listed once you hold a credential.') : 'Saved. You are not listed in the public register.');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Saving failed; try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title="Your register listing" lead="The public register lets employers and others find you and see your credentials. You are not listed unless you choose to be.">
      <Status message={saved} className="status-success" />
      {error ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : null}
      {!listing && !error ? (
        <p className="loading" role="status">
          Loading your listing…
        </p>
      ) : null}
      {listing ? (
        <>
          <form onSubmit={save} className="form card" noValidate>
            <fieldset className="field">
              <legend>What the register shows</legend>
              <div className="checkboxes">
                <div className="checkbox">
                  <input id="listing-listed" type="checkbox" checked={draft.listed} onChange={(e) => setDraft({ ...draft, listed: e.target.checked })} />
                  <label htmlFor="listing-listed">List me in the public register (my name and every credential I hold, with its status)</label>
                </div>
                <div className="checkbox">
                  <input id="listing-country" type="checkbox" checked={draft.showCountry} disabled={!listing.country} aria-describedby="listing-country-hint" onChange={(e) => setDraft({ ...draft, showCountry: e.target.checked })} />
                  <label htmlFor="listing-country">Show my country{listing.country ? ` (${listing.country})` : ''}</label>
                </div>
              </div>
              <p className="hint" id="listing-country-hint">
                {listing.country ? 'Employers can then find you by country.' : <>Add a country to <Link to="/account">your profile</Link> to show it.</>} Your e-mail address is never shown.
              </p>
            </fieldset>
            <fieldset className="field">
              <legend>For employers searching for candidates</legend>
              <p className="hint" id="listing-employers-hint">
                Only while you are listed. Organisations on Guildhall can then find you by these and write to you through Guildhall; they see your address only if you reply.
              </p>
              <div className="checkboxes">
                <div className="checkbox">
                  <input id="listing-certifications" type="checkbox" checked={draft.listCertifications} disabled={!draft.listed} aria-describedby="listing-employers-hint" onChange={(e) => setDraft({ ...draft, listCertifications: e.target.checked })} />
                  <label htmlFor="listing-certifications">List the certifications in my portfolio</label>
                </div>
                <div className="checkbox">
                  <input id="listing-responsibility" type="checkbox" checked={draft.listResponsibility} disabled={!draft.listed} aria-describedby="listing-employers-hint" onChange={(e) => setDraft({ ...draft, listResponsibility: e.target.checked })} />
                  <label htmlFor="listing-responsibility">List my highest responsibility level in a current role</label>
                </div>
              </div>
            </fieldset>
            <Submit busy={busy} busyText="Saving…">
              Save my choice
            </Submit>
          </form>
          <section aria-labelledby="listing-preview">
            <h2 id="listing-preview">How you appear</h2>
            {listing.preview ? (
              <ul className="mail-list">
                <RegisterResult entry={listing.preview} />
              </ul>
            ) : (
              <p className="empty">
                {listing.credentials === 0
                  ? 'You do not appear: you hold no credential yet.'
                  : 'You do not appear in the register. An employer you give a credential id to can still confirm the credential, without your name.'}
              </p>
            )}
            <p>
              <Link to="/register">Search the public register</Link>
            </p>
            <p>
              <Link to="/account/messages">Messages from employers</Link>
            </p>
          </section>
        </>
      ) : null}
    </Page>
  );
}
