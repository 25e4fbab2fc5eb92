import { z } from 'zod';

/*
 * Closing an event (events/closing): crediting CPD for the sessions each person was checked into and for
 * speaking, credentials and certificates of attendance, and the attendance views (the attendee's own and
 * the organiser's, with a CSV).
 */

const id = z.string().min(1).max(100);

export const CloseEventParams = z.strictObject({ eventId: id });
export const CloseSessionParams = z.strictObject({ eventId: id, sessionId: id });
/** The member's own attendance is asked for by the event's id or its slug (the attendee's page has the slug). */
export const AttendanceParams = z.strictObject({ eventId: id.describe("the event's id or slug") });
export const AttendanceQuery = z.strictObject({
  view: z.enum(['mine', 'everyone'], { error: 'Use a view of mine or everyone' }).default('mine').describe('everyone: every attendee (organisers only)'),
});

/** What a close did: new credits only (a re-close credits only what was not credited before). */
export const CloseResult = z.object({
  eventId: z.string(),
  sessionId: z.string().nullable(),
  closedAt: z.string(),
  attendees: z.number().int().describe('people checked in at least once'),
  newCredits: z.number().int().describe('CPD activities credited by this close'),
  membersCredited: z.number().int(),
  credentials: z.object({ due: z.number().int(), issued: z.number().int(), queued: z.boolean() }),
});
export type CloseResult = z.infer<typeof CloseResult>;

export const AttendedSession = z.object({ id: z.string(), title: z.string(), startsAt: z.string(), endsAt: z.string(), hours: z.number() });

export const MyAttendance = z.object({
  event: z.object({ id: z.string(), slug: z.string(), title: z.string(), startsOn: z.string(), endsOn: z.string(), timeZone: z.string(), closed: z.boolean() }),
  checkedIn: z.boolean(),
  sessions: z.array(AttendedSession),
  hours: z.number().describe('hours credited for attending'),
  speakingHours: z.number().describe('hours credited for speaking, preparation included'),
  credits: z.array(z.object({ type: z.string(), title: z.string(), occurredOn: z.string(), hours: z.number() })),
  credential: z
    .object({ id: z.string(), issuedAt: z.string(), verifyUrl: z.string(), downloadUrl: z.string() })
    .nullable()
    .describe('null until issued (shortly after the close) or for someone never checked in'),
  certificateUrl: z.string().nullable(),
});
export type MyAttendance = z.infer<typeof MyAttendance>;

export const AttendanceRow = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  reference: z.string(),
  doorDays: z.array(z.string()),
  sessionIds: z.array(z.string()),
  attendedHours: z.number().describe('credited at the last close'),
  speakingHours: z.number(),
  credentialId: z.string().nullable(),
});

export const EveryoneAttendance = z.object({
  event: z.object({ id: z.string(), slug: z.string(), title: z.string(), status: z.string(), closedAt: z.string().nullable() }),
  sessions: z.array(z.object({ id: z.string(), title: z.string(), startsAt: z.string(), closedAt: z.string().nullable(), checkedIn: z.number().int() })),
  credentials: z.object({ due: z.number().int(), issued: z.number().int() }),
  people: z.array(AttendanceRow),
});
export type EveryoneAttendance = z.infer<typeof EveryoneAttendance>;

export const Attendance = z.object({
  view: z.enum(['mine', 'everyone']),
  mine: MyAttendance.nullable(),
  everyone: EveryoneAttendance.nullable(),
});
export type Attendance = z.infer<typeof Attendance>;
