import { SubNav } from '../../components/SubNav.js';

/** The sections of an event's console, in the order an organiser meets them. */
export const eventSections = [
  { path: '', label: 'Details' },
  { path: 'sessions', label: 'Programme' },
  { path: 'proposals', label: 'Proposals' },
  { path: 'exhibitors', label: 'Exhibitors' },
  { path: 'registrations', label: 'Registrations' },
  { path: 'checkin', label: 'Check-in' },
  { path: 'attendance', label: 'Close and attendance' },
  { path: 'feedback', label: 'Feedback' },
] as const;

/** The sub-navigation of every page under /events/manage/:eventId. `title` is the event's, when the page knows it. */
export function ManageNav({ eventId, title }: { eventId: string; title?: string }) {
  return <SubNav label={title ? `${title}: sections` : 'Event sections'} base={`/events/manage/${encodeURIComponent(eventId)}`} sections={eventSections} />;
}
