import { type ReactNode, startTransition, useEffect, useRef, useState } from 'react';
import { Link, NavLink, useLocation, useNavigate } from 'react-router';
import { accounts } from '../api.js';
import { hasRole, useSession } from './session.js';

/** Skip link, header with role-aware navigation, the main landmark and the footer. */
export function Layout({ children }: { children: ReactNode }) {
  const { user, mailbox, setUser } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<string | null>(null);
  const first = useRef(true);

  // After a client-side navigation, move focus to the new page's heading so screen-reader and
  // keyboard users start at the top of the new content, as they would after a full page load.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the effect runs because the path changed
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // A page seen for the first time is still loading its code: wait (briefly) for its heading.
    let tries = 0;
    let t = 0;
    const focusHeading = () => {
      const h1 = document.querySelector<HTMLElement>('main h1');
      if (h1) h1.focus();
      else if (tries++ < 60) t = window.setTimeout(focusHeading, 50);
    };
    t = window.setTimeout(focusHeading, 0);
    return () => window.clearTimeout(t);
  }, [location.pathname]);

  async function signOut() {
    setSigningOut(true);
    setSignOutError(null);
    try {
      await accounts.signOut();
      // The router applies navigations as transitions; clearing the user in the same transition keeps
      // a signed-in page from seeing "no user" first and bouncing to the sign-in page.
      startTransition(() => {
        navigate('/', { state: { flash: 'You have signed out.' } });
        setUser(null);
      });
    } catch (err) {
      setSignOutError(err instanceof Error ? err.message : 'Signing out failed; try again.');
    } finally {
      setSigningOut(false);
    }
  }

  const item = (to: string, label: string, end = false) => (
    <li>
      <NavLink to={to} end={end}>
        {label}
      </NavLink>
    </li>
  );

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to main content
      </a>
      <header className="site-header">
        <div className="container header-inner">
          <Link to="/" className="brand" aria-label="Guildhall, home">
            <span className="brand-mark" aria-hidden="true" />
            <span>Guildhall</span>
          </Link>
          <nav aria-label="Main" className="site-nav">
            <ul>
              {item('/', 'Home', true)}
              {item('/register', 'Register')}
              {item('/verify', 'Verify')}
              {hasRole(user, 'member') ? item('/portfolio', 'Portfolio') : null}
              {hasRole(user, 'member') ? item('/applications', 'Applications') : null}
              {hasRole(user, 'member') ? item('/credentials', 'Credentials') : null}
              {hasRole(user, 'member') ? item('/cpd', 'CPD') : null}
              {hasRole(user, 'assessor', 'scheme_admin') ? item('/assess', 'Assess') : null}
              {hasRole(user, 'assessor', 'scheme_admin') ? item('/cpd/audits/review', 'CPD audits') : null}
              {hasRole(user, 'event_organiser', 'scheme_admin') ? item('/cpd/imports', 'CPD imports') : null}
              {hasRole(user, 'scheme_admin') ? item('/cpd/providers', 'CPD providers') : null}
              {user ? item('/account', 'Account') : null}
              {hasRole(user, 'scheme_admin') ? item('/scheme', 'Scheme') : null}
              {hasRole(user, 'system_admin') ? item('/admin/users', 'Users') : null}
              {hasRole(user, 'system_admin') ? item('/admin/audit', 'Audit log') : null}
              {mailbox ? item('/dev/mailbox', 'Mailbox') : null}
              {user === null ? item('/sign-in', 'Sign in') : null}
              {user === null ? item('/sign-up', 'Create account') : null}
            </ul>
          </nav>
          {user ? (
            <div className="header-user">
              <span className="header-name">{user.name}</span>
              <button type="button" className="button button-quiet" onClick={signOut} disabled={signingOut}>
                {signingOut ? 'Signing out…' : 'Sign out'}
              </button>
            </div>
          ) : null}
        </div>
      </header>
      {signOutError ? (
        <div className="container">
          <p className="banner banner-error" role="alert">
            {signOutError}
          </p>
        </div>
      ) : null}
      <main id="main" tabIndex={-1} className="container site-main">
        {children}
      </main>
      <footer className="site-footer">
        <div className="container footer-inner">
          <p>Guildhall — recognition, assessment, credentials and CPD for professional bodies.</p>
          <p>
            <a href="/api/v1/openapi.json">API description (OpenAPI)</a>
          </p>
        </div>
      </footer>
    </>
  );
}
