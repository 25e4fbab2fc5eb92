import type { Tx } from '../../db/database.js';
import type { Platform } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import { queueMail } from '../../platform/mail/outbox.js';
import { randomToken, sha256 } from '../../platform/secrets.js';

/**
 * Speakers of a session are invited, never stored as confirmed: each gets a row awaiting their answer and a
 * mail with a link to confirm or decline (speakers.service.ts answers it), members and guests alike. Until
 * they confirm they earn no speaking credit at the close. Used when a proposal is accepted and when an
 * organiser names speakers on a session.
 */
export async function inviteSpeakers(
  tx: Tx,
  p: Platform,
  input: { event: { id: string; title: string }; sessionId: string; sessionTitle: string; slot: string; speakers: ReadonlyArray<{ userId: string | null; name: string; email: string; bio?: string | null }> },
  now: Date,
): Promise<void> {
  const at = now.toISOString();
  for (const s of input.speakers) {
    const token = randomToken();
    await tx
      .insertInto('event_speakers')
      .values({ id: newId(), event_id: input.event.id, session_id: input.sessionId, user_id: s.userId, name: s.name, email: s.email, bio: s.bio ?? null, status: 'invited', token_hash: sha256(token), responded_at: null, created_at: at })
      .execute();
    const link = `${p.config.publicUrl}/events/speakers/confirm?token=${encodeURIComponent(token)}`;
    await queueMail(tx, s.email, 'event_speaker_invited', { name: s.name, eventTitle: input.event.title, sessionTitle: input.sessionTitle, slot: input.slot, link }, now);
  }
}
