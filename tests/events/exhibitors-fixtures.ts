import { type Browser, signedInUser } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';
import { type EventFixture, insertEvent, insertRegistration } from './fixtures.js';

/** A one-pixel PNG. */
export const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f1d6b00000000049454e44ae426082',
  'hex',
);

/** A user id, and their registration. */
export type Attendee = { id: string; email: string; registrationId: string; reference: string; code: string };

export type ExhibitorWorld = {
  organiser: Browser & { id: string };
  event: EventFixture;
  /** Registered attendees: one sharing their contact with exhibitors, one not. */
  sharing: Attendee;
  private: Attendee;
};

/** An organiser, a published event and two attendees (one sharing, one not); `tag` keeps e-mails apart. */
export async function exhibitorWorld(app: TestApp, tag: string): Promise<ExhibitorWorld> {
  const organiser = await signedInUser(app, `organiser-${tag}@example.org`, ['event_organiser']);
  const event = await insertEvent(app, { createdBy: organiser.id, title: `Summit ${tag}` });
  const attendee = async (who: string, share: boolean) => {
    const email = `${who}-${tag}@example.org`;
    const u = await signedInUser(app, email);
    const reg = await insertRegistration(app, event, { id: u.id, email, name: who === 'ada' ? 'Ada Sharer' : 'Paul Private' }, { shareWithExhibitors: share });
    return { id: u.id, email, registrationId: reg.id, reference: reg.reference, code: reg.code };
  };
  return { organiser, event, sharing: await attendee('ada', true), private: await attendee('paul', false) };
}

/** Adds an exhibitor through the API and returns its id. */
export async function addExhibitor(w: ExhibitorWorld, name: string, body: Record<string, unknown> = {}): Promise<string> {
  const res = await w.organiser.req({ method: 'POST', url: `/api/v1/events/${w.event.id}/exhibitors`, payload: { name, kind: 'exhibitor', tier: 'gold', stand: 'A1', ...body } });
  if (res.statusCode !== 201) throw new Error(`addExhibitor: ${res.statusCode} ${res.body}`);
  return res.json().id as string;
}
