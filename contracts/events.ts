import { z } from 'zod';
import { multiline } from './common.js';

/*
 * Events (the core of the events module): an event, its rooms, tracks, ticket types, team and programme
 * of sessions, as organisers manage them and as the public pages show them. Dates are the event's own
 * (YYYY-MM-DD in its time zone); times are given and shown in the event's zone and stored in UTC.
 */

export const eventKinds = ['conference', 'chapter_meeting', 'webinar', 'workshop'] as const;
export const eventFormats = ['in_person', 'online', 'hybrid'] as const;
export const sessionFormats = ['talk', 'panel', 'workshop', 'keynote'] as const;
export const ticketKinds = ['member', 'non_member', 'speaker', 'exhibitor', 'day'] as const;
export const teamRoles = ['volunteer', 'reviewer'] as const;
/** Words of the events' own pages (/events/manage, /events/mine, …): never an event's slug. */
export const reservedSlugs = ['manage', 'mine', 'talks', 'speakers', 'claim', 'feeds', 'review'] as const;

const line = (what: string, max: number) => z.string().trim().min(1, `Give ${what}`).max(max, `Use at most ${max} characters`);
const text = (max: number) => multiline(z.string().trim().max(max, `Use at most ${max.toLocaleString('en-GB')} characters`));
const email = z.email('Give an e-mail address such as name@example.com').max(254).transform((s) => s.toLowerCase());
export const LocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Give a date as YYYY-MM-DD');
export const LocalTime = z.string().regex(/^\d{2}:\d{2}$/, 'Give a time as HH:MM (24-hour)');
/** A date and time in the event's zone, as a form's datetime-local field gives it. */
export const LocalDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'Give a date and time as YYYY-MM-DDTHH:MM');
const url = z
  .string()
  .trim()
  .max(500, 'Use at most 500 characters')
  .refine((s) => /^https:\/\/[^\s/]+\.[^\s]+$/.test(s), 'Give the address starting with https://');
const count = (what: string) => z.number({ error: `Give ${what} as a whole number` }).int(`Give ${what} as a whole number`).min(1, `Give ${what} of at least 1`).max(100_000, `Use at most 100,000 for ${what}`);

const eventFields = {
  title: line('the event a title', 160),
  summary: text(4000),
  kind: z.enum(eventKinds, { error: 'Choose a kind: conference, chapter_meeting, webinar or workshop' }),
  format: z.enum(eventFormats, { error: 'Choose a format: in_person, online or hybrid' }),
  startsOn: LocalDate.describe("The first day, in the event's time zone"),
  endsOn: LocalDate.describe("The last day, in the event's time zone"),
  timeZone: z.string().trim().min(1, 'Give a time zone such as Europe/London').max(64).describe('An IANA time zone, e.g. Europe/London'),
  venueName: line('the venue a name', 200).nullable().optional(),
  venueAddress: text(500).nullable().optional(),
  joinUrl: url.nullable().optional().describe('Online events: shown only to registered people'),
  registrationOpensAt: LocalDateTime.nullable().optional(),
  registrationClosesAt: LocalDateTime.nullable().optional(),
  cancelCutoffAt: LocalDateTime.nullable().optional().describe('Attendees may cancel until then'),
};
export const CreateEventBody = z.strictObject(eventFields);
export const UpdateEventBody = CreateEventBody.partial().extend({
  revision: z.number().int().min(0).describe('The revision you read: a change made since is a conflict'),
});
export const ReasonBody = z.strictObject({ reason: text(2000).optional() });

export const RoomBody = z.strictObject({ name: line('the room a name', 120), capacity: count('the capacity') });
export const TrackBody = z.strictObject({ name: line('the track a name', 120), description: text(1000).nullable().optional() });
export const TicketTypeBody = z.strictObject({
  name: line('the ticket a name', 120),
  kind: z.enum(ticketKinds, { error: 'Choose a kind: member, non_member, speaker, exhibitor or day' }),
  priceMinor: z.number().int('Give the price in pence').min(0, 'The price cannot be negative').max(10_000_000),
  currency: z.string().trim().regex(/^[A-Za-z]{3}$/, 'Use a three-letter currency code such as GBP').transform((s) => s.toUpperCase()).optional(),
  capacity: count('the capacity').nullable().optional(),
  days: z.array(LocalDate).max(31).nullable().optional().describe('Days the ticket admits on; none: every day'),
  public: z.boolean().optional().describe('false: given by organisers only (speaker, exhibitor staff)'),
});
export const PartialRoomBody = RoomBody.partial();
export const PartialTrackBody = TrackBody.partial();
export const PartialTicketTypeBody = TicketTypeBody.partial();

export const SpeakerInput = z.strictObject({
  email: email.describe("A member's account e-mail, or a guest speaker's"),
  name: line('the speaker a name', 160).optional().describe('Guests: needed when the address is not a member’s'),
  bio: text(2000).nullable().optional(),
});
const sessionFields = {
  title: line('the session a title', 200),
  abstract: text(6000),
  format: z.enum(sessionFormats, { error: 'Choose a format: talk, panel, workshop or keynote' }),
  roomId: z.string().max(64).nullable().optional(),
  trackId: z.string().max(64).nullable().optional(),
  day: LocalDate.describe("The day, in the event's time zone"),
  startTime: LocalTime.describe("The start, in the event's time zone"),
  endTime: LocalTime,
  capacity: count('the capacity').nullable().optional().describe("none: the room's"),
  cpdType: z.string().trim().max(40).optional().describe("A CPD activity type; 'event' unless said"),
  cpdHours: z.number().min(0).max(24).multipleOf(0.25, 'Give CPD hours in quarter hours').optional().describe('Default: the length, in quarter hours'),
  speakers: z.array(SpeakerInput).max(20, 'Name at most 20 speakers').optional(),
};
export const SessionBody = z.strictObject(sessionFields);
export const UpdateSessionBody = SessionBody.partial();

export const TeamBody = z.strictObject({ email, role: z.enum(teamRoles, { error: 'Choose a role: volunteer or reviewer' }) });

export const EventParams = z.strictObject({ eventId: z.string().max(64) });
export const RoomParams = EventParams.extend({ roomId: z.string().max(64) });
export const TrackParams = EventParams.extend({ trackId: z.string().max(64) });
export const TicketTypeParams = EventParams.extend({ ticketTypeId: z.string().max(64) });
export const SessionParams = EventParams.extend({ sessionId: z.string().max(64) });
export const TeamParams = EventParams.extend({ userId: z.string().max(64), role: z.enum(teamRoles, { error: 'Choose a role: volunteer or reviewer' }) });
export const EventSlugParams = z.strictObject({ slug: z.string().max(120) });

export const Room = z.object({ id: z.string(), name: z.string(), capacity: z.number() });
export const Track = z.object({ id: z.string(), name: z.string(), description: z.string().nullable() });
export const TicketType = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ticketKinds),
  priceMinor: z.number(),
  currency: z.string(),
  capacity: z.number().nullable(),
  days: z.array(z.string()).nullable(),
  public: z.boolean(),
});
export const TeamMember = z.object({ userId: z.string(), name: z.string(), email: z.string(), role: z.enum(teamRoles), addedAt: z.string() });
export const Speaker = z.object({ id: z.string(), userId: z.string().nullable(), name: z.string(), email: z.string(), bio: z.string().nullable(), status: z.enum(['invited', 'confirmed', 'declined']) });
/** A time both ways: the instant (UTC) and the wall clock in the event's zone. */
export const Moment = z.object({ utc: z.string(), local: z.string().describe('YYYY-MM-DDTHH:MM in the event zone') });
export const ManagedSession = z.object({
  id: z.string(),
  title: z.string(),
  abstract: z.string(),
  format: z.enum(sessionFormats),
  status: z.enum(['scheduled', 'cancelled']),
  roomId: z.string().nullable(),
  trackId: z.string().nullable(),
  startsAt: Moment,
  endsAt: Moment,
  capacity: z.number().nullable(),
  cpdType: z.string(),
  cpdHours: z.number(),
  speakers: z.array(Speaker),
});
export type ManagedSession = z.infer<typeof ManagedSession>;

const eventCommon = {
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  summary: z.string(),
  kind: z.enum(eventKinds),
  format: z.enum(eventFormats),
  startsOn: z.string(),
  endsOn: z.string(),
  timeZone: z.string(),
  venueName: z.string().nullable(),
  venueAddress: z.string().nullable(),
  status: z.enum(['draft', 'published', 'closed', 'cancelled']),
};
export const EventSummary = z.object({ ...eventCommon, revision: z.number(), sessions: z.number() });
export const ManagedEventList = z.object({ events: z.array(EventSummary) });
export const ManagedEvent = z
  .object({
    ...eventCommon,
    joinUrl: z.string().nullable(),
    registrationOpensAt: Moment.nullable(),
    registrationClosesAt: Moment.nullable(),
    cancelCutoffAt: Moment.nullable(),
    revision: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
    rooms: z.array(Room),
    tracks: z.array(Track),
    ticketTypes: z.array(TicketType),
    team: z.array(TeamMember),
    sessions: z.array(ManagedSession),
  })
  .meta({ id: 'ManagedEvent' });
export type ManagedEvent = z.infer<typeof ManagedEvent>;

export const PublicSpeaker = z.object({ name: z.string(), bio: z.string().nullable() });
export const PublicSession = z.object({
  id: z.string(),
  title: z.string(),
  abstract: z.string(),
  format: z.enum(sessionFormats),
  room: z.string().nullable(),
  track: z.string().nullable(),
  startsAt: Moment,
  endsAt: Moment,
  cpdHours: z.number(),
  speakers: z.array(PublicSpeaker),
});
export const PublicDay = z.object({ date: z.string(), sessions: z.array(PublicSession) });
export const PublicExhibitor = z.object({ name: z.string(), kind: z.enum(['sponsor', 'exhibitor', 'both']), stand: z.string().nullable(), website: z.string().nullable(), description: z.string().nullable() });
export const PublicEvent = z
  .object({
    ...eventCommon,
    organizer: z.string(),
    registrationOpensAt: z.string().nullable(),
    registrationClosesAt: z.string().nullable(),
    rooms: z.array(z.object({ name: z.string(), capacity: z.number() })),
    tracks: z.array(z.object({ name: z.string(), description: z.string().nullable() })),
    tickets: z.array(z.object({ name: z.string(), kind: z.enum(ticketKinds), priceMinor: z.number(), currency: z.string() })),
    days: z.array(PublicDay),
    speakers: z.array(PublicSpeaker.extend({ sessions: z.array(z.string()) })),
    exhibitors: z.array(z.object({ tier: z.string(), organisations: z.array(PublicExhibitor) })),
    revision: z.number(),
  })
  .meta({ id: 'PublicEvent' });
export type PublicEvent = z.infer<typeof PublicEvent>;
export const PublicEventSummary = z.object({ ...eventCommon, sessions: z.number() });
export const PublicEventList = z.object({ upcoming: z.array(PublicEventSummary), past: z.array(PublicEventSummary) });
export type PublicEventList = z.infer<typeof PublicEventList>;
