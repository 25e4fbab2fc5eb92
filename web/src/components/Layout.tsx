import { type ReactNode, startTransition, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import type { Role } from '../api.js';
import { signOut as endSession } from '../api-core.js';
import { useStaticPage } from '../ssr/data.js';
import { hasRole, useSession } from './session.js';

type NavItem = { to: string; label: string };

/**
 * The one link that is the current page: the longest whose path is the location or a folder above
 * it, so /cpd/audits/review marks "CPD audits" and not "CPD" as well.
 */
export function currentOf(items: NavItem[], path: string): string | null {
  let best: string | null = null;
  for (const { to } of items) {
    const hit = to === '/' ? path === '/' : path === to || path.startsWith(`${to}/`);
    if (hit && (best === null || to.length > best.length)) best = to;
  }
  return best;
}

/** The staff pages, in menu order, and the roles that see each. */
const staffPages: Array<NavItem & { roles: Role[] }> = [
  { to: '/assess', label: 'Assess', roles: ['assessor', 'scheme_admin'] },
  { to: '/cpd/audits/review', label: 'CPD audits', roles: ['assessor', 'scheme_admin'] },
  { to: '/cpd/audits/draw', label: 'Audit draw', roles: ['scheme_admin'] },
  { to: '/events/manage', label: 'Organise events', roles: ['event_organiser', 'system_admin'] },
  { to: '/cpd/imports', label: 'CPD imports', roles: ['event_organiser', 'scheme_admin'] },
  { to: '/cpd/providers', label: 'CPD providers', roles: ['scheme_admin'] },
  { to: '/scheme', label: 'Scheme', roles: ['scheme_admin'] },
  { to: '/admin/credentials', label: 'Manage credentials', roles: ['scheme_admin'] },
  { to: '/admin/issuer-keys', label: 'Issuer keys', roles: ['system_admin'] },
  { to: '/admin/register-import', label: 'Import register', roles: ['scheme_admin'] },
  { to: '/admin/reports', label: 'Reports', roles: ['scheme_admin', 'system_admin'] },
  { to: '/admin/organisations', label: 'Organisations', roles: ['system_admin', 'scheme_admin'] },
  { to: '/admin/contact-reports', label: 'Reported messages', roles: ['system_admin', 'scheme_admin'] },
  { to: '/admin/privacy', label: 'Privacy', roles: ['system_admin', 'scheme_admin'] },
  { to: '/admin/users', label: 'Users', roles: ['system_admin'] },
  { to: '/admin/audit', label: 'Audit log', roles: ['system_admin'] },
  { to: '/admin/mail', label: 'Mail', roles: ['system_admin'] },
];

/** Skip link, header with role-aware navigation, the main landmark and the footer. */
export function Layout({ children }: { children: ReactNode }) {
  const { user, mailbox, setUser } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<string | null>(null);
  const first = useRef(true);
  // A page served without the app (decision 0019) cannot sign out; the account page can.
  const staticPage = useStaticPage();

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
      await endSession();
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

  // The menu (narrow screens) and the staff group (every width) are disclosures: a button with
  // aria-expanded opens each; Escape closes it and returns focus to its button; moving on closes both.
  const [menuOpen, setMenuOpen] = useState(false);
  const [staffOpen, setStaffOpen] = useState(false);
  const menuButton = useRef<HTMLButtonElement>(null);
  const staffButton = useRef<HTMLButtonElement>(null);
  const staffGroup = useRef<HTMLLIElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: closing is what a new location means
  useEffect(() => {
    setMenuOpen(false);
    setStaffOpen(false);
  }, [location.pathname]);
  useEffect(() => {
    if (!staffOpen) return;
    const away = (e: MouseEvent | FocusEvent) => {
      if (staffGroup.current && e.target instanceof Node && !staffGroup.current.contains(e.target)) setStaffOpen(false);
    };
    document.addEventListener('mousedown', away);
    document.addEventListener('focusin', away);
    return () => {
      document.removeEventListener('mousedown', away);
      document.removeEventListener('focusin', away);
    };
  }, [staffOpen]);
  useEffect(() => {
    if (!staffOpen && !menuOpen) return;
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || document.querySelector('dialog[open]')) return;
      if (staffOpen) {
        setStaffOpen(false);
        staffButton.current?.focus();
      } else {
        setMenuOpen(false);
        menuButton.current?.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [staffOpen, menuOpen]);

  const member = hasRole(user, 'member');
  const main: NavItem[] = [
    { to: '/', label: 'Home' },
    { to: '/register', label: 'Register' },
    { to: '/verify', label: 'Verify' },
    // Visitors find the events here; signed in, the home page leads there (the row has no room for another link).
    ...(user ? [] : [{ to: '/events', label: 'Events' }]),
    ...(member
      ? [
          { to: '/portfolio', label: 'Portfolio' },
          { to: '/applications', label: 'Applications' },
          { to: '/credentials', label: 'Credentials' },
          { to: '/cpd', label: 'CPD' },
        ]
      : []),
    // Works for an organisation: its pages (the team view, when there is only one).
    ...(hasRole(user, 'employer_admin') ? [{ to: '/organisations', label: 'Organisation' }] : []),
  ];
  const staff = staffPages.filter((p) => hasRole(user, ...p.roles));
  const end: NavItem[] = [
    ...(user ? [{ to: '/account', label: 'Account' }] : []),
    ...(mailbox ? [{ to: '/dev/mailbox', label: 'Mailbox' }] : []),
    ...(user === null
      ? [
          { to: '/sign-in', label: 'Sign in' },
          { to: '/sign-up', label: 'Create account' },
        ]
      : []),
  ];
  const current = currentOf([...main, ...staff, ...end], location.pathname);
  const item = ({ to, label }: NavItem) => (
    <li key={to}>
      <Link to={to} aria-current={current === to ? 'page' : undefined}>
        {label}
      </Link>
    </li>
  );
  const staffCurrent = staff.some((s) => s.to === current);

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
          <button ref={menuButton} type="button" className="nav-toggle" aria-expanded={menuOpen} aria-controls="site-menu" onClick={() => setMenuOpen((o) => !o)}>
            Menu
            <span className="nav-caret" aria-hidden="true" />
          </button>
          <div id="site-menu" className={menuOpen ? 'site-menu site-menu-open' : 'site-menu'}>
            <nav aria-label="Main" className="site-nav">
              <ul>
                {main.map(item)}
                {staff.length ? (
                  <li ref={staffGroup} className="nav-group">
                    <button
                      ref={staffButton}
                      type="button"
                      className={staffCurrent ? 'nav-group-button nav-group-current' : 'nav-group-button'}
                      aria-expanded={staffOpen}
                      aria-controls="nav-staff"
                      onClick={() => setStaffOpen((o) => !o)}
                    >
                      Staff
                      <span className="nav-caret" aria-hidden="true" />
                    </button>
                    <ul id="nav-staff" className="nav-group-list" hidden={!staffOpen}>
                      {staff.map(item)}
                    </ul>
                  </li>
                ) : null}
                {end.map(item)}
              </ul>
            </nav>
            {user && !staticPage ? (
              <div className="header-user">
                <span className="header-name">{user.name}</span>
                <button type="button" className="button button-quiet" onClick={signOut} disabled={signingOut}>
                  {signingOut ? 'Signing out…' : 'Sign out'}
                </button>
              </div>
            ) : null}
          </div>
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
