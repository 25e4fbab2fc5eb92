import { z } from 'zod';
import { multiline } from './common.js';
import './messages.js';

/*
 * events/exhibitors: addExhibitor, updateExhibitor, removeExhibitor, uploadExhibitorLogo,
 * listEventExhibitors (organisers), listExhibitors (public, by tier), addExhibitorStaff,
 * removeExhibitorStaff, listMyStands, recordLead, listLeads, noteLead, exportLeads (a stand's staff).
 */

const id = (what: string) => z.string({ error: `Give ${what} (text)` }).min(1, `Give ${what}`).max(100, 'Use at most 100 characters');

export const exhibitorKinds = ['sponsor', 'exhibitor', 'both'] as const;
/** Highest first: the order pages show them in. */
export const exhibitorTiers = ['platinum', 'gold', 'silver', 'bronze', 'supporter'] as const;
export type ExhibitorTier = (typeof exhibitorTiers)[number];

export const EventExhibitorsParams = z.strictObject({ eventId: id('the event id') });
export const ExhibitorParams = z.strictObject({ eventId: id('the event id'), exhibitorId: id('the exhibitor id') });
export const ExhibitorStaffParams = z.strictObject({ eventId: id('the event id'), exhibitorId: id('the exhibitor id'), userId: id('the user id') });
export const LeadParams = z.strictObject({ eventId: id('the event id'), exhibitorId: id('the exhibitor id'), leadId: id('the lead id') });
export const EventSlugParams = z.strictObject({ slug: z.string().min(1, 'Give the event').max(120, 'Use at most 120 characters') });

const name = z.string({ error: 'Give the name' }).trim().min(2, 'Use at least 2 characters').max(120, 'Use at most 120 characters');
const stand = z.string().trim().min(1, 'Give the stand number').max(20, 'Use at most 20 characters');
const website = z
  .string()
  .trim()
  .max(300, 'Use at most 300 characters')
  .refine((s) => /^https:\/\/[^\s/]+\.[^\s]+$/.test(s), 'Give the address starting with https://');
const description = multiline(z.string().trim().max(2000, 'Use at most 2,000 characters'));

export const AddExhibitorBody = z.strictObject({
  name,
  kind: z.enum(exhibitorKinds, { error: 'Choose sponsor, exhibitor or both' }),
  tier: z.enum(exhibitorTiers, { error: 'Choose a tier: platinum, gold, silver, bronze or supporter' }),
  stand: stand.nullable().optional(),
  website: website.nullable().optional(),
  description: description.nullable().optional(),
  organisationId: id('the organisation id').nullable().optional(),
});
export type AddExhibitorBody = z.infer<typeof AddExhibitorBody>;

export const UpdateExhibitorBody = AddExhibitorBody.partial().refine((b) => Object.keys(b).length > 0, 'Change at least one detail');
export type UpdateExhibitorBody = z.infer<typeof UpdateExhibitorBody>;

export const AddStaffBody = z.strictObject({
  email: z.email({ error: 'Give an e-mail address such as name@example.org' }).max(254, 'Use at most 254 characters'),
  name: z.string().trim().min(2, 'Use at least 2 characters').max(120, 'Use at most 120 characters').optional(),
});
export type AddStaffBody = z.infer<typeof AddStaffBody>;

/** A badge read at a stand: the QR code's text, or the short reference printed on it (e.g. K7QD-3WXA). */
export const RecordLeadBody = z.strictObject({
  code: z.string({ error: 'Give the badge code or its reference' }).trim().min(4, 'Give the badge code or its reference').max(400, 'Use at most 400 characters'),
});
export type RecordLeadBody = z.infer<typeof RecordLeadBody>;

export const NoteLeadBody = z.strictObject({ note: multiline(z.string().trim().max(1000, 'Use at most 1,000 characters')) });

export const PublicExhibitor = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(exhibitorKinds),
  tier: z.enum(exhibitorTiers),
  stand: z.string().nullable(),
  website: z.string().nullable(),
  description: z.string().nullable(),
  logoUrl: z.string().nullable(),
});
export type PublicExhibitor = z.infer<typeof PublicExhibitor>;

export const PublicExhibitorList = z.object({
  event: z.object({ id: z.string(), slug: z.string(), title: z.string() }),
  tiers: z.array(z.object({ tier: z.enum(exhibitorTiers), exhibitors: z.array(PublicExhibitor) })),
});
export type PublicExhibitorList = z.infer<typeof PublicExhibitorList>;

export const ExhibitorStaff = z.object({ userId: z.string(), name: z.string(), email: z.string(), reference: z.string(), ticketMade: z.boolean() });

export const Exhibitor = PublicExhibitor.extend({
  organisationId: z.string().nullable(),
  organisationName: z.string().nullable(),
  staff: z.array(ExhibitorStaff),
  namedLeads: z.number().int(),
  countedLeads: z.number().int(),
});
export type Exhibitor = z.infer<typeof Exhibitor>;

export const ExhibitorList = z.object({ event: z.object({ id: z.string(), slug: z.string(), title: z.string() }), exhibitors: z.array(Exhibitor) });
export type ExhibitorList = z.infer<typeof ExhibitorList>;

export const MyStands = z.object({
  event: z.object({ id: z.string(), slug: z.string(), title: z.string() }),
  stands: z.array(z.object({ id: z.string(), name: z.string(), stand: z.string().nullable() })),
});
export type MyStands = z.infer<typeof MyStands>;

export const Lead = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  organisationName: z.string().nullable(),
  note: z.string().nullable(),
  scannedAt: z.string(),
});
export type Lead = z.infer<typeof Lead>;

export const LeadList = z.object({ exhibitor: z.object({ id: z.string(), name: z.string() }), leads: z.array(Lead), counted: z.number().int() });
export type LeadList = z.infer<typeof LeadList>;

/**
 * What a scan did: `named` (the attendee shares their contact; the lead is theirs) or `counted` (they do
 * not: nothing about them is kept but a count). `repeat` when this badge was scanned here before.
 */
export const LeadResult = z.object({
  outcome: z.enum(['named', 'counted']),
  repeat: z.boolean(),
  lead: Lead.nullable(),
  named: z.number().int(),
  counted: z.number().int(),
});
export type LeadResult = z.infer<typeof LeadResult>;
