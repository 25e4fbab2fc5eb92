import type { Tx } from '../../db/database.js';
import type { Platform } from '../../platform/context.js';
import { seedDemoCheckins } from './checkin.js';
import { seedDemoClosing } from './closing.js';
import { seedDemoEventsCore } from './core.js';
import { seedDemoExhibitors } from './exhibitors.js';
import { seedDemoProposals, seedDemoSessionFeedback } from './proposals.js';
import { seedDemoRegistrations } from './registration.js';

/**
 * The body's events: this year's two-day conference (three rooms, about 45 sessions, speakers, 40
 * exhibitors and sponsors, several hundred registrations and a waiting list, a call for presentations)
 * and last year's, already closed, so members' CPD shows credits from it.
 */
export async function seedDemoEvents(tx: Tx, now: Date, p: Platform): Promise<void> {
  const events = await seedDemoEventsCore(tx, now, p);
  await seedDemoProposals(tx, events, now);
  await seedDemoExhibitors(tx, events, now, p);
  await seedDemoRegistrations(tx, events, now, p);
  await seedDemoCheckins(tx, events, now);
  await seedDemoSessionFeedback(tx, events, now);
  await seedDemoClosing(tx, events, now, p);
}
