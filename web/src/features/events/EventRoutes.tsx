import { type ComponentType, type ReactNode, lazy } from 'react';
import { Link, matchPath, useLocation } from 'react-router';
import { Page } from '../../components/Page.js';
import { RequireRole, RequireSignIn } from '../../components/guards.js';
import { EventParams } from './params.js';

/*
 * Every page of the events feature, routed here rather than one by one in App.tsx (the shell carries the
 * one splat route /events/* for them; its 100 KB budget, tests/web/bundle-budget.test.ts). Each page is
 * still a chunk of its own; pages read their path parameters with useEventParams(). Fixed words
 * (manage, mine, talks, speakers, waitlist, account) come before `/events/:slug` and are never slugs.
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

// events/registration: pages

// events/checkin: pages

// events/exhibitors: pages

// events/closing: pages

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

  // events/registration: routes

  // events/checkin: routes

  // events/exhibitors: routes

  // events/closing: routes
];

export function EventRoutes() {
  const { pathname } = useLocation();
  for (const r of table) {
    const m = matchPath(r.path, pathname);
    if (m) return <EventParams.Provider value={m.params}>{r.guard(<r.Page />)}</EventParams.Provider>;
  }
  return (
    <Page title="Page not found">
      <p>There is no page at this address.</p>
      <p>
        <Link to="/events">Events</Link>
      </p>
    </Page>
  );
}

// Kept referenced while parts add their pages.
void signedIn;
void organiser;
void anyone;
void page;
