import type { Tx } from '../../db/database.js';
import type { Platform } from '../../platform/context.js';
import type { DemoEvents } from './types.js';

/** This year's conference (published, two days, three rooms, ~45 sessions with speakers) and last year's. */
export async function seedDemoEventsCore(_tx: Tx, _now: Date, _p: Platform): Promise<DemoEvents> {
  return { conferenceId: '', pastConferenceId: '' };
}
