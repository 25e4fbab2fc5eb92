import { type ComponentType, type ReactNode, lazy } from 'react';
import { Link, matchRoutes, useLocation } from 'react-router';
import { Page } from '../../components/Page.js';
import { RequireRole, RequireSignIn } from '../../components/guards.js';
import { EventParams } from './params.js';

/*
 * Every page of the events feature, routed here rather than one by one in App.tsx (the shell carries the
 * one splat route /events/* for them; its 100 KB budget, tests/web/bundle-budget.test.ts). Each page is
 * still a chunk of its own; pages read their path parameters with useEventParams(). Fixed words
 * (manage, mine, talks, speakers, claim, ...) rank before `/events/:slug` and are never slugs
 * (contracts/events.ts reservedSlugs).
 */

function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}

// events/core: pages
const PublicEventsPage = page(() => import('./core/PublicEventsPage.js'), 'PublicEventsPage');
const PublicEventPage = page(() => import('./core/PublicEventPage.js'), 'PublicEventPage');
const ManageEventsPage = page(() => import('./core/ManageEventsPage.js'), 'ManageEventsPage');
const ManageEventPage = page(() => import('./core/ManageEventPage.js'), 'ManageEventPage');
const ManageSessionsPage = page(() => import('./core/ManageSessionsPage.js'), 'ManageSessionsPage');

// events/proposals: pages
const ProposePage = page(() => import('./proposals/ProposePage.js'), 'ProposePage');
const TalksPage = page(() => import('./proposals/TalksPage.js'), 'TalksPage');
const SpeakerConfirmPage = page(() => import('./proposals/SpeakerConfirmPage.js'), 'SpeakerConfirmPage');
const ManageProposalsPage = page(() => import('./proposals/ManageProposalsPage.js'), 'ManageProposalsPage');
const ManageFeedbackPage = page(() => import('./proposals/ManageFeedbackPage.js'), 'ManageFeedbackPage');
const FeedbackPage = page(() => import('./proposals/FeedbackPage.js'), 'FeedbackPage');

// events/registration: pages
const RegisterPage = page(() => import('./registration/RegisterPage.js'), 'RegisterPage');
const MyRegistrationsPage = page(() => import('./registration/MyRegistrationsPage.js'), 'MyRegistrationsPage');
const TicketPage = page(() => import('./registration/TicketPage.js'), 'TicketPage');
const AgendaPage = page(() => import('./registration/AgendaPage.js'), 'AgendaPage');
const ClaimPage = page(() => import('./registration/ClaimPage.js'), 'ClaimPage');
const ManageRegistrationsPage = page(() => import('./registration/ManageRegistrationsPage.js'), 'ManageRegistrationsPage');

// events/checkin: pages
const CheckInPage = page(() => import('./checkin/CheckInPage.js'), 'CheckInPage');

// events/exhibitors: pages
const ManageExhibitorsPage = page(() => import('./exhibitors/ManageExhibitorsPage.js'), 'ManageExhibitorsPage');
const LeadsPage = page(() => import('./exhibitors/LeadsPage.js'), 'LeadsPage');
const PublicExhibitorsPage = page(() => import('./exhibitors/PublicExhibitorsPage.js'), 'PublicExhibitorsPage');

// events/closing: pages
const AttendanceManagePage = page(() => import('./closing/AttendanceManagePage.js'), 'AttendanceManagePage');
const MyAttendancePage = page(() => import('./closing/MyAttendancePage.js'), 'MyAttendancePage');

const signedIn = (p: ReactNode) => <RequireSignIn>{p}</RequireSignIn>;
const organiser = (p: ReactNode) => <RequireRole roles={['event_organiser', 'system_admin']}>{p}</RequireRole>;
const anyone = (p: ReactNode) => p;

/**
 * Every page, who may open it, most specific first. Pages a volunteer, reviewer or exhibitor opens need a
 * sign-in only: the API answers someone without a part in the event, and the page shows that answer.
 */
const table: Array<{ path: string; Page: ComponentType; guard: (p: ReactNode) => ReactNode }> = [
  // events/core: routes
  { path: '/events', Page: PublicEventsPage, guard: anyone },
  { path: '/events/manage', Page: ManageEventsPage, guard: organiser },
  { path: '/events/manage/:eventId', Page: ManageEventPage, guard: organiser },
  { path: '/events/manage/:eventId/sessions', Page: ManageSessionsPage, guard: organiser },
  { path: '/events/:slug', Page: PublicEventPage, guard: anyone },

  // events/proposals: routes
  { path: '/events/talks', Page: TalksPage, guard: signedIn },
  { path: '/events/speakers/confirm', Page: SpeakerConfirmPage, guard: anyone },
  { path: '/events/manage/:eventId/proposals', Page: ManageProposalsPage, guard: signedIn },
  { path: '/events/manage/:eventId/feedback', Page: ManageFeedbackPage, guard: organiser },
  { path: '/events/:slug/propose', Page: ProposePage, guard: signedIn },
  { path: '/events/:slug/feedback', Page: FeedbackPage, guard: signedIn },

  // events/registration: routes
  { path: '/events/mine', Page: MyRegistrationsPage, guard: signedIn },
  { path: '/events/claim', Page: ClaimPage, guard: anyone },
  { path: '/events/manage/:eventId/registrations', Page: ManageRegistrationsPage, guard: organiser },
  { path: '/events/:slug/register', Page: RegisterPage, guard: anyone },
  { path: '/events/:slug/ticket', Page: TicketPage, guard: signedIn },
  { path: '/events/:slug/agenda', Page: AgendaPage, guard: signedIn },

  // events/checkin: routes
  { path: '/events/manage/:eventId/checkin', Page: CheckInPage, guard: signedIn },

  // events/exhibitors: routes
  { path: '/events/manage/:eventId/exhibitors', Page: ManageExhibitorsPage, guard: organiser },
  { path: '/events/:slug/leads', Page: LeadsPage, guard: signedIn },
  { path: '/events/:slug/exhibitors', Page: PublicExhibitorsPage, guard: anyone },

  // events/closing: routes
  { path: '/events/manage/:eventId/attendance', Page: AttendanceManagePage, guard: organiser },
  { path: '/events/:slug/attendance', Page: MyAttendancePage, guard: signedIn },
];

const routes = table.map((r, i) => ({ id: String(i), path: r.path }));

export function EventRoutes() {
  const { pathname } = useLocation();
  // The router's own ranking: a fixed word (/events/mine) wins over a parameter (/events/:slug) whatever the order.
  const m = matchRoutes(routes, pathname)?.[0];
  const r = m ? table[Number(m.route.id)] : undefined;
  if (m && r) return <EventParams.Provider value={m.params}>{r.guard(<r.Page />)}</EventParams.Provider>;
  return (
    <Page title="Page not found">
      <p>There is no page at this address.</p>
      <p>
        <Link to="/events">Events</Link>
      </p>
    </Page>
  );
}
