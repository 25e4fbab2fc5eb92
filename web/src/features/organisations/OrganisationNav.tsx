import './organisations.css';
import { SubNav } from '../../components/SubNav.js';

/** The sections of an organisation's pages, in the order its staff meet them. */
export const organisationSections = [
  { path: 'team', label: 'Team' },
  { path: 'employment', label: 'Employment' },
  { path: 'sponsorship', label: 'Sponsorship' },
  { path: 'candidates', label: 'Candidates' },
  { path: 'checks', label: 'Bulk checks' },
  { path: 'stands', label: 'Stands' },
  { path: 'webhooks', label: 'Webhooks' },
  { path: 'settings', label: 'Settings' },
] as const;

/**
 * The sub-navigation of every page under /organisations/:organisationId. `name` is the organisation's
 * name, when the page knows it.
 */
export function OrganisationNav({ organisationId, name }: { organisationId: string; name?: string }) {
  return <SubNav label={name ? `${name}: sections` : 'Organisation sections'} base={`/organisations/${encodeURIComponent(organisationId)}`} sections={organisationSections} />;
}
