import type { Tx } from '../../db/database.js';
import type { Platform } from '../../platform/context.js';
import type { DemoEvents } from './types.js';

/** Several hundred registrations (members and guests), agendas, and a waiting list on a full ticket type. */
export async function seedDemoRegistrations(_tx: Tx, _events: DemoEvents, _now: Date, _p: Platform): Promise<void> {}
