import type { Selectable } from 'kysely';
import type { DecideProposalBody } from '../../../../contracts/events-proposals.js';
import type { Tx } from '../../../db/database.js';
import type { EventProposalsTable } from '../../../db/schema-events.js';
import type { Platform } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import type { EventCaller } from '../access.js';
import { speakerKey } from '../clash.rules.js';
import { refuseClashes } from '../clash.js';
import { touchEvent } from '../revision.js';
import { localToUtc, slotLabel } from '../time.js';
import { inviteSpeakers } from '../speaker-invites.js';
import { coSpeakersOf } from './views.js';

/*
 * An accepted proposal becomes a session in the slot the organiser chose (room and speaker clashes refused,
 * naming the clash) with its speakers invited: the submitter as a member, each co-speaker as the member
 * with that address or else a guest. Each is mailed a link to confirm or decline.
 */

const invalid = (path: string, message: string) => new DomainError('VALIDATION_FAILED', `${path}: ${message}`, { issues: [{ path, message }] });

type Accept = Extract<DecideProposalBody, { outcome: 'accept' }>;

export async function acceptIntoSlot(
  tx: Tx,
  p: Platform,
  a: { proposal: Selectable<EventProposalsTable>; event: EventCaller['event']; submitter: { id: string; name: string; email: string }; body: Accept; now: Date },
): Promise<{ sessionId: string; slot: string }> {
  const { proposal, event, body, now } = a;
  const [startsAt, endsAt] = (['startsAt', 'endsAt'] as const).map((k) => {
    const [day = '', time = ''] = body[k].split('T');
    const at = localToUtc(day, time, event.time_zone);
    if (!at.ok) throw invalid(k, `Give a real date and time (YYYY-MM-DDTHH:MM): ${at.problem}`);
    if (day < event.starts_on || day > event.ends_on) throw invalid(k, `Choose a time during the event (${event.starts_on} to ${event.ends_on})`);
    return at.utc;
  }) as [string, string];
  if (endsAt <= startsAt) throw invalid('endsAt', 'The session must end after it starts');
  if (body.roomId && !(await tx.selectFrom('event_rooms').select('id').where('id', '=', body.roomId).where('event_id', '=', event.id).executeTakeFirst())) throw invalid('roomId', 'Choose one of this event’s rooms');
  const trackId = body.trackId === undefined ? proposal.track_id : body.trackId;
  if (trackId && !(await tx.selectFrom('event_tracks').select('id').where('id', '=', trackId).where('event_id', '=', event.id).executeTakeFirst())) throw invalid('trackId', 'Choose one of this event’s tracks');

  const co = coSpeakersOf(proposal.co_speakers);
  const members = co.length ? await tx.selectFrom('users').select(['id', 'email', 'name']).where('email', 'in', co.map((c) => c.email)).execute() : [];
  const speakers = [
    { userId: a.submitter.id, name: a.submitter.name, email: a.submitter.email },
    ...co.map((c) => ({ userId: members.find((m) => m.email === c.email)?.id ?? null, name: c.name, email: c.email })),
  ];
  const sessionId = newId();
  const names = new Map(speakers.map((s) => [speakerKey(s), s.name]));
  await refuseClashes(tx, event.id, { id: sessionId, title: proposal.title, roomId: body.roomId, startsAt, endsAt, speakers: [...names.keys()] }, (k) => names.get(k) ?? k);

  const at = now.toISOString();
  await tx
    .insertInto('event_sessions')
    .values({
      id: sessionId,
      event_id: event.id,
      title: proposal.title,
      abstract: proposal.abstract,
      format: proposal.format,
      level: proposal.level,
      room_id: body.roomId,
      track_id: trackId,
      starts_at: startsAt,
      ends_at: endsAt,
      capacity: null,
      cpd_type: 'event',
      cpd_quarters: Math.max(1, Math.round((Date.parse(endsAt) - Date.parse(startsAt)) / 900_000)),
      status: 'scheduled',
      proposal_id: proposal.id,
      closed_at: null,
      created_at: at,
      updated_at: at,
    })
    .execute();
  const slot = slotLabel(startsAt, endsAt, event.time_zone);
  await inviteSpeakers(tx, p, { event, sessionId, sessionTitle: proposal.title, slot, speakers }, now);
  await touchEvent(tx, event.id, now);
  return { sessionId, slot };
}
