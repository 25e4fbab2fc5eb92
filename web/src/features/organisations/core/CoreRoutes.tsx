import { type ComponentType, type ReactNode, lazy } from 'react';
import { Link, matchPath, useLocation } from 'react-router';
import { Page } from '../../../components/Page.js';
import { RequireRole, RequireSignIn } from '../../../components/guards.js';
import { CoreParams } from './params.js';

/*
 * The core's pages, routed here rather than one by one in App.tsx: the shell every page loads then carries
 * three routes for them instead of seven (its 100 KB budget, tests/web/bundle-budget.test.ts). Each page is
 * still a chunk of its own. The other parts' pages (/organisations/:organisationId/team and so on) are
 * routes of App.tsx, which outrank its /organisations/* route.
 */

function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}

const PublicProfilePage = page(() => import('./PublicProfilePage.js'), 'PublicProfilePage');
const OrganisationsPage = page(() => import('./OrganisationsPage.js'), 'OrganisationsPage');
const RequestOrganisationPage = page(() => import('./RequestOrganisationPage.js'), 'RequestOrganisationPage');
const AcceptInvitePage = page(() => import('./TokenPages.js'), 'AcceptInvitePage');
const ConfirmDomainPage = page(() => import('./TokenPages.js'), 'ConfirmDomainPage');
const SettingsPage = page(() => import('./SettingsPage.js'), 'SettingsPage');
const AdminOrganisationsPage = page(() => import('./AdminOrganisationsPage.js'), 'AdminOrganisationsPage');

const signedIn = (p: ReactNode) => <RequireSignIn>{p}</RequireSignIn>;
const staff = (p: ReactNode) => <RequireRole roles={['system_admin', 'scheme_admin']}>{p}</RequireRole>;
const anyone = (p: ReactNode) => p;

/** Every core page, who may open it (the API decides what each sees), most specific first. */
const table: Array<{ path: string; Page: ComponentType; guard: (p: ReactNode) => ReactNode }> = [
  { path: '/orgs/:slug', Page: PublicProfilePage, guard: anyone },
  { path: '/admin/organisations', Page: AdminOrganisationsPage, guard: staff },
  { path: '/organisations', Page: OrganisationsPage, guard: signedIn },
  { path: '/organisations/request', Page: RequestOrganisationPage, guard: signedIn },
  { path: '/organisations/invites/:token', Page: AcceptInvitePage, guard: signedIn },
  { path: '/organisations/domains/:token', Page: ConfirmDomainPage, guard: signedIn },
  { path: '/organisations/:organisationId/settings', Page: SettingsPage, guard: signedIn },
];

export function CoreRoutes() {
  const { pathname } = useLocation();
  for (const r of table) {
    const m = matchPath(r.path, pathname);
    if (m) return <CoreParams.Provider value={m.params}>{r.guard(<r.Page />)}</CoreParams.Provider>;
  }
  return (
    <Page title="Page not found">
      <p>There is no page at this address.</p>
      <p>
        <Link to="/organisations">Your organisations</Link>
      </p>
    </Page>
  );
}
