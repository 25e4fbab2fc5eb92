import { type ComponentType, type ReactNode, lazy } from 'react';
import { Link, matchPath, useLocation } from 'react-router';
import { Page } from '../../components/Page.js';
import { RequireRole, RequireSignIn } from '../../components/guards.js';
import { OrganisationParams } from './params.js';

/*
 * Every page of the organisations feature, routed here rather than one by one in App.tsx: the shell every
 * page loads then carries a handful of splat routes for them instead of one route each (its 100 KB budget,
 * tests/web/bundle-budget.test.ts). Each page is still a chunk of its own; pages read their path
 * parameters with useOrganisationParams().
 */

function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}

const PublicProfilePage = page(() => import('./core/PublicProfilePage.js'), 'PublicProfilePage');
const OrganisationsPage = page(() => import('./core/OrganisationsPage.js'), 'OrganisationsPage');
const RequestOrganisationPage = page(() => import('./core/RequestOrganisationPage.js'), 'RequestOrganisationPage');
const AcceptInvitePage = page(() => import('./core/TokenPages.js'), 'AcceptInvitePage');
const ConfirmDomainPage = page(() => import('./core/TokenPages.js'), 'ConfirmDomainPage');
const SettingsPage = page(() => import('./core/SettingsPage.js'), 'SettingsPage');
const AdminOrganisationsPage = page(() => import('./core/AdminOrganisationsPage.js'), 'AdminOrganisationsPage');
const EmploymentPage = page(() => import('./employment/EmploymentPage.js'), 'EmploymentPage');
const MyEmploymentPage = page(() => import('./employment/MyEmploymentPage.js'), 'MyEmploymentPage');
const SponsorshipPage = page(() => import('./sponsorship/SponsorshipPage.js'), 'SponsorshipPage');
const SharingPage = page(() => import('./consent/SharingPage.js'), 'SharingPage');
const TeamPage = page(() => import('./team/TeamPage.js'), 'TeamPage');
const WebhooksPage = page(() => import('./webhooks/WebhooksPage.js'), 'WebhooksPage');
const CandidatesPage = page(() => import('./recruiting/CandidatesPage.js'), 'CandidatesPage');
const MessagesPage = page(() => import('./recruiting/MessagesPage.js'), 'MessagesPage');
const ContactReportPage = page(() => import('./recruiting/ReportPage.js'), 'ReportPage');
const ContactReportsPage = page(() => import('./recruiting/ContactReportsPage.js'), 'ContactReportsPage');
const ChecksPage = page(() => import('./checks/ChecksPage.js'), 'ChecksPage');
const StandsPage = page(() => import('./stands/StandsPage.js'), 'StandsPage');

const signedIn = (p: ReactNode) => <RequireSignIn>{p}</RequireSignIn>;
const staff = (p: ReactNode) => <RequireRole roles={['system_admin', 'scheme_admin']}>{p}</RequireRole>;
const anyone = (p: ReactNode) => p;

/**
 * Every page, who may open it, most specific first. Organisation pages need a sign-in only: the API
 * answers someone not on the organisation's staff "not found", and the page shows that answer.
 */
const table: Array<{ path: string; Page: ComponentType; guard: (p: ReactNode) => ReactNode }> = [
  { path: '/orgs/:slug', Page: PublicProfilePage, guard: anyone },
  { path: '/admin/organisations', Page: AdminOrganisationsPage, guard: staff },
  { path: '/admin/contact-reports', Page: ContactReportsPage, guard: staff },
  // A relayed mail's report link: no sign-in, the token is the key.
  { path: '/messages/report', Page: ContactReportPage, guard: anyone },
  { path: '/account/messages', Page: MessagesPage, guard: signedIn },
  { path: '/account/employment', Page: MyEmploymentPage, guard: signedIn },
  { path: '/account/sharing', Page: SharingPage, guard: signedIn },
  { path: '/organisations', Page: OrganisationsPage, guard: signedIn },
  { path: '/organisations/request', Page: RequestOrganisationPage, guard: signedIn },
  { path: '/organisations/invites/:token', Page: AcceptInvitePage, guard: signedIn },
  { path: '/organisations/domains/:token', Page: ConfirmDomainPage, guard: signedIn },
  { path: '/organisations/:organisationId/settings', Page: SettingsPage, guard: signedIn },
  { path: '/organisations/:organisationId/team', Page: TeamPage, guard: signedIn },
  { path: '/organisations/:organisationId/employment', Page: EmploymentPage, guard: signedIn },
  { path: '/organisations/:organisationId/sponsorship', Page: SponsorshipPage, guard: signedIn },
  { path: '/organisations/:organisationId/webhooks', Page: WebhooksPage, guard: signedIn },
  { path: '/organisations/:organisationId/candidates', Page: CandidatesPage, guard: signedIn },
  { path: '/organisations/:organisationId/checks', Page: ChecksPage, guard: signedIn },
  { path: '/organisations/:organisationId/stands', Page: StandsPage, guard: signedIn },
];

export function OrganisationRoutes() {
  const { pathname } = useLocation();
  for (const r of table) {
    const m = matchPath(r.path, pathname);
    if (m) return <OrganisationParams.Provider value={m.params}>{r.guard(<r.Page />)}</OrganisationParams.Provider>;
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
