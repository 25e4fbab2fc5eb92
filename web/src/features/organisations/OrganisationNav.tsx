import './organisations.css';
import { Link, useLocation } from 'react-router';

/** The sections of an organisation's pages, in the order its staff meet them. */
export const organisationSections = [
  { path: 'team', label: 'Team' },
  { path: 'employment', label: 'Employment' },
  { path: 'sponsorship', label: 'Sponsorship' },
  { path: 'candidates', label: 'Candidates' },
  { path: 'checks', label: 'Bulk checks' },
  { path: 'webhooks', label: 'Webhooks' },
  { path: 'settings', label: 'Settings' },
] as const;

/**
 * The sub-navigation of every page under /organisations/:organisationId: one list of links, the current
 * one marked with aria-current. `name` is the organisation's name, when the page knows it.
 */
export function OrganisationNav({ organisationId, name }: { organisationId: string; name?: string }) {
  const { pathname } = useLocation();
  const base = `/organisations/${encodeURIComponent(organisationId)}`;
  return (
    <nav aria-label={name ? `${name}: sections` : 'Organisation sections'} className="sub-nav">
      <ul>
        {organisationSections.map((s) => {
          const to = `${base}/${s.path}`;
          const current = pathname === to || pathname.startsWith(`${to}/`);
          return (
            <li key={s.path}>
              <Link to={to} aria-current={current ? 'page' : undefined}>
                {s.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
