import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { type RegisterListing, register } from '../../api.js';
import { Page } from '../../components/Page.js';
import { hasRole, roleLabels, useSession } from '../../components/session.js';
import { ApiTokens } from './ApiTokens.js';
import { PasswordForm } from './PasswordForm.js';
import { ProfileForm } from './ProfileForm.js';

/** Whether the member is listed in the public register, and the way to change it. */
function RegisterListingSection() {
  const [listing, setListing] = useState<RegisterListing | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    register
      .listing()
      .then((l) => live && setListing(l))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, []);
  let state = 'Checking your listing…';
  if (failed) state = 'Your listing could not be loaded.';
  else if (listing) state = listing.listed ? (listing.preview ? 'You are listed in the public register.' : 'You will be listed once you hold a credential.') : 'You are not listed in the public register.';
  return (
    <section className="card" aria-labelledby="account-register">
      <h2 id="account-register">Public register</h2>
      <p>{state}</p>
      <p>
        <Link to="/account/register">Choose whether you are listed, and see how you appear</Link>
      </p>
    </section>
  );
}

/** The signed-in user's own account: profile, password, register listing and API tokens. */
export function AccountPage() {
  const { user } = useSession();
  // A password change revokes every API token: the token list is loaded afresh.
  const [tokensSeen, setTokensSeen] = useState(0);
  if (!user) return null;
  const roles = user.roles.length ? user.roles.map((r) => roleLabels[r]).join(', ') : 'Member';
  return (
    <Page title="Your account">
      <dl className="facts">
        <div>
          <dt>E-mail address</dt>
          <dd>
            {user.email} {user.emailVerified ? <span className="tag tag-ok">Confirmed</span> : <span className="tag tag-warn">Not confirmed</span>}
          </dd>
        </div>
        <div>
          <dt>Roles</dt>
          <dd>{roles}</dd>
        </div>
      </dl>
      <div className="sections">
        <ProfileForm user={user} />
        <PasswordForm onChanged={() => setTokensSeen((n) => n + 1)} />
      </div>
      {hasRole(user, 'member') ? <RegisterListingSection /> : null}
      {hasRole(user, 'member') ? (
        <section aria-labelledby="account-employment" className="section">
          <h2 id="account-employment">Employers</h2>
          <ul>
            <li>
              <Link to="/account/employment">Ask an employer to confirm a job, and answer their offers</Link>
            </li>
            <li>
              <Link to="/account/sharing">Share your record with an employer, and see who looked at it</Link>
            </li>
            <li>
              <Link to="/account/messages">Messages employers sent you through Guildhall</Link>
            </li>
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="account-privacy" className="section">
        <h2 id="account-privacy">Your data</h2>
        <p>
          <Link to="/account/privacy">What you agreed to, and a copy of all your data</Link>
        </p>
      </section>
      <ApiTokens key={tokensSeen} user={user} />
    </Page>
  );
}
