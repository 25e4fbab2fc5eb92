import type { ReactNode } from 'react';
import { Link, Navigate, useLocation } from 'react-router';
import type { Role } from '../api.js';
import { Page } from './Page.js';
import { hasRole, roleLabels, useSession } from './session.js';

/** Shown while the first session check is on its way. */
export function Loading({ what = 'Loading' }: { what?: string }) {
  return (
    <p className="loading" role="status">
      {what}…
    </p>
  );
}

/** Renders children for a signed-in user; sends anyone else to sign in and back again. */
export function RequireSignIn({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) return <Loading what="Checking your session" />;
  if (user === null) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children}</>;
}

/** Renders children for holders of one of the roles; explains the refusal to everyone else. */
export function RequireRole({ roles, children }: { roles: Role[]; children: ReactNode }) {
  const { user } = useSession();
  return (
    <RequireSignIn>
      {hasRole(user, ...roles) ? (
        children
      ) : (
        <Page title="Not available to you">
          <p>This page is for {roles.map((r) => roleLabels[r].toLowerCase()).join(' or ')}s. If you need access, ask your body’s system administrator.</p>
          <p>
            <Link to="/">Go to the home page</Link>
          </p>
        </Page>
      )}
    </RequireSignIn>
  );
}
