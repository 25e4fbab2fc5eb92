import type { Tx } from '../../../db/database.js';
import { audit } from '../../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { sha256 } from '../../../platform/secrets.js';
import { speakerKey } from '../clash.rules.js';
import { refuseClashes } from '../clash.js';
import { touchEvent } from '../revision.js';
import { slotOnly, slotsById } from './views.js';

/*
 * A speaker answers the mailed link: a guest by the link alone, a member signed in as themselves (a link
 * forwarded to someone else's account does not answer for them). Changing one's mind is allowed; a speaker
 * who declined and confirms again is checked for clashes like a new one.
 */

const badLink = () => new DomainError('INVALID_TOKEN', 'This link is not valid: open the latest link from the invitation mail, or ask the organisers for a new one.');

async function speakerOf(tx: Tx, token: string) {
  const row = await tx.selectFrom('event_speakers').selectAll().where('token_hash', '=', sha256(token)).executeTakeFirst();
  if (!row) throw badLink();
  const session = await tx.selectFrom('event_sessions').select(['id', 'title', 'status', 'room_id', 'starts_at', 'ends_at']).where('id', '=', row.session_id).executeTakeFirstOrThrow();
  if (session.status !== 'scheduled') throw new DomainError('CONFLICT', `“${session.title}” was cancelled; there is nothing to confirm.`);
  const event = await tx.selectFrom('events').select(['id', 'slug', 'title']).where('id', '=', row.event_id).executeTakeFirstOrThrow();
  return { row, session, event };
}

export function speakersService(p: Platform) {
  const db = p.database.db;

  async function view(tx: Tx, token: string) {
    const { row, session, event } = await speakerOf(tx, token);
    const slot = (await slotsById(tx, [session.id])).get(session.id);
    if (!slot) throw badLink();
    return { name: row.name, status: row.status, member: row.user_id !== null, sessionTitle: session.title, event, slot: slotOnly(slot) };
  }

  const invitation = (token: string) => db.transaction().execute((tx) => view(tx, token));

  async function answer(ctx: RequestContext, token: string, to: 'confirmed' | 'declined') {
    const now = p.clock.now();
    return db.transaction().execute(async (tx) => {
      const { row, session } = await speakerOf(tx, token);
      if (row.user_id) {
        if (!ctx.actor) throw new DomainError('NOT_AUTHENTICATED', `Sign in as ${row.name} (${row.email}) to answer this invitation.`);
        if (ctx.actor.userId !== row.user_id) throw new DomainError('FORBIDDEN', `This invitation is for ${row.name}; sign in with their account to answer it.`);
      }
      if (row.status !== to) {
        if (to === 'confirmed' && row.status === 'declined') {
          await refuseClashes(tx, row.event_id, { id: session.id, title: session.title, roomId: null, startsAt: session.starts_at, endsAt: session.ends_at, speakers: [speakerKey({ userId: row.user_id, email: row.email })] }, () => row.name);
        }
        await tx.updateTable('event_speakers').set({ status: to, responded_at: now.toISOString() }).where('id', '=', row.id).execute();
        await touchEvent(tx, row.event_id, now);
        await audit(tx, auditCtx(ctx), { action: `event.speaker_${to}`, subjectType: 'event_speaker', subjectId: row.id, details: { sessionId: row.session_id, byLink: true } }, now);
      }
      return view(tx, token);
    });
  }

  return { invitation, confirm: (ctx: RequestContext, token: string) => answer(ctx, token, 'confirmed'), decline: (ctx: RequestContext, token: string) => answer(ctx, token, 'declined') };
}
export type SpeakersService = ReturnType<typeof speakersService>;
