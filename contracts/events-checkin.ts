import { z } from 'zod';

/*
 * events/checkin: door and session check-in. A scanner sends each scan with a nonce it made; the server
 * records every nonce once and answers a repeat with the answer it gave the first time.
 */

export const CheckInEventParams = z.strictObject({ eventId: z.string().max(64) });
export const CheckInRecordParams = CheckInEventParams.extend({ checkinId: z.string().max(64) });

export const checkInReasons = ['unknown_code', 'cancelled', 'wrong_day', 'not_this_event', 'already_in'] as const;
export type CheckInReason = (typeof checkInReasons)[number];

export const CheckInList = z.object({
  id: z.string(),
  kind: z.enum(['door', 'session']),
  name: z.string(),
  /** The day (YYYY-MM-DD, the event's zone) the list admits people on: a door's day, a session's day. */
  day: z.string(),
  sessionId: z.string().nullable(),
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
});
export type CheckInList = z.infer<typeof CheckInList>;

export const RosterEntry = z.object({
  registrationId: z.string(),
  reference: z.string(),
  name: z.string(),
  ticket: z.string(),
  /** The days the ticket admits on. */
  days: z.array(z.string()),
  status: z.enum(['confirmed', 'cancelled']),
});
export type RosterEntry = z.infer<typeof RosterEntry>;

export const CheckInKit = z.object({
  eventId: z.string(),
  title: z.string(),
  timeZone: z.string(),
  /** Ed25519 public key (raw, base64url) that signs the event's check-in codes. */
  publicKey: z.string(),
  /** Changes when the lists or the roster change: a scanner refetches the kit when status shows another. */
  revision: z.string(),
  /** Whether the caller may undo check-ins (organisers). */
  organiser: z.boolean(),
  lists: z.array(CheckInList),
  roster: z.array(RosterEntry),
});
export type CheckInKit = z.infer<typeof CheckInKit>;

const isoTime = z.iso.datetime({ offset: true, message: 'Give the scan time as an ISO 8601 date and time, e.g. 2027-03-10T09:14:00Z.' });

export const CheckInBody = z
  .strictObject({
    listId: z.string().min(1).max(64),
    /** The signed code read from the QR code, or the registration's short reference typed in. */
    code: z.string().min(1).max(400).optional(),
    reference: z.string().min(1).max(32).optional(),
    /** Made by the scanner for each scan (a UUID): a retry sends the same one. */
    nonce: z.string().min(8, 'The nonce must be at least 8 characters (a UUID is best).').max(64).regex(/^[A-Za-z0-9_-]+$/, 'The nonce may hold only letters, digits, "-" and "_".'),
    scanner: z.string().trim().min(1, 'Name the scanner, e.g. "scanner 3".').max(40),
    scannedAt: isoTime,
    offline: z.boolean().default(false),
  })
  .refine((b) => (b.code === undefined) !== (b.reference === undefined), { message: 'Send either the code or the reference, not both.', path: ['code'] });
export type CheckInBody = z.input<typeof CheckInBody>;

export const CheckInAnswer = z.object({
  outcome: z.enum(['accepted', 'refused']),
  reason: z.enum(checkInReasons).nullable(),
  /** The answer in words, as the scanner shows it. */
  message: z.string(),
  registrationId: z.string().nullable(),
  name: z.string().nullable(),
  ticket: z.string().nullable(),
  checkinId: z.string().nullable(),
  listId: z.string(),
  nonce: z.string(),
  scannedAt: z.string(),
  /** True when this nonce was answered before and this is that answer again. */
  replayed: z.boolean(),
});
export type CheckInAnswer = z.infer<typeof CheckInAnswer>;

export const UndoCheckInBody = z.strictObject({ reason: z.string().trim().min(3, 'Say why the check-in is undone (at least 3 characters).').max(500) });

export const UndoneCheckIn = z.object({ checkinId: z.string(), listId: z.string(), registrationId: z.string(), undoneAt: z.string() });

export const CheckInStatusQuery = z.strictObject({ listId: z.string().max(64).optional() });

export const RecentScan = z.object({
  nonce: z.string(),
  listId: z.string(),
  outcome: z.enum(['accepted', 'refused']),
  reason: z.enum(checkInReasons).nullable(),
  name: z.string().nullable(),
  scanner: z.string(),
  scannedAt: z.string(),
  /** The check-in this scan made, while it stands (organisers may undo it). */
  checkinId: z.string().nullable(),
});
export type RecentScan = z.infer<typeof RecentScan>;

export const CheckInStatus = z.object({
  revision: z.string(),
  inside: z.array(z.object({ listId: z.string(), count: z.number().int() })),
  recent: z.array(RecentScan),
});
export type CheckInStatus = z.infer<typeof CheckInStatus>;
