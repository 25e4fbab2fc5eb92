import { z } from 'zod';
import { exhibitorKinds, exhibitorTiers } from './events-exhibitors.js';

/*
 * events/exhibitors, the organisation's side: listOrganisationStands, every stand an organisation has at
 * events (it is linked to the exhibitor), with its staff and their tickets, for the organisation's
 * administrators, and the people they may put on a stand without typing an address.
 */

export const OrganisationStandsParams = z.strictObject({
  organisationId: z.string({ error: 'Give the organisation id (text)' }).min(1, 'Give the organisation id').max(100, 'Use at most 100 characters'),
});

export const StandStaff = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  /** The ticket's short reference (what the person gives at the door when the code will not scan). */
  reference: z.string(),
  ticketStatus: z.enum(['confirmed', 'cancelled']),
  /** True when the ticket was made for the stand (it is cancelled when the person is released). */
  ticketMade: z.boolean(),
  /** When they were first checked in at the event (any list, not undone), or null. */
  checkedInAt: z.string().nullable(),
});
export type StandStaff = z.infer<typeof StandStaff>;

export const OrganisationStand = z.object({
  event: z.object({ id: z.string(), slug: z.string(), title: z.string(), startsOn: z.string(), endsOn: z.string(), status: z.enum(['published', 'closed', 'cancelled']) }),
  exhibitor: z.object({ id: z.string(), name: z.string(), kind: z.enum(exhibitorKinds), tier: z.enum(exhibitorTiers), stand: z.string().nullable() }),
  staff: z.array(StandStaff),
  namedLeads: z.number().int(),
  countedLeads: z.number().int(),
  /** The caller is on this stand's staff, so they may read and export its leads. */
  callerIsStaff: z.boolean(),
});
export type OrganisationStand = z.infer<typeof OrganisationStand>;

export const OrganisationStands = z.object({
  organisation: z.object({ id: z.string(), name: z.string() }),
  stands: z.array(OrganisationStand),
  /** The organisation's people and its confirmed staff (employment links), to choose from. */
  people: z.array(z.object({ userId: z.string(), name: z.string(), email: z.string() })),
});
export type OrganisationStands = z.infer<typeof OrganisationStands>;
