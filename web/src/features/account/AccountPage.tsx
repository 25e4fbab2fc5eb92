import { useState } from 'react';
import { Page } from '../../components/Page.js';
import { roleLabels, useSession } from '../../components/session.js';
import { ApiTokens } from './ApiTokens.js';
import { PasswordForm } from './PasswordForm.js';
import { ProfileForm } from './ProfileForm.js';

/** The signed-in user's own account: profile, password and API tokens. */
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
      <ApiTokens key={tokensSeen} user={user} />
    </Page>
  );
}
