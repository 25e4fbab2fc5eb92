import type { Tx } from '../../db/database.js';
import type { DemoEvents } from './types.js';

/** Last year's check-ins at the door and in sessions. */
export async function seedDemoCheckins(_tx: Tx, _events: DemoEvents, _now: Date): Promise<void> {}
