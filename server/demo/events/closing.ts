import type { Tx } from '../../db/database.js';
import type { Platform } from '../../platform/context.js';
import type { DemoEvents } from './types.js';

/** Last year's conference closed: CPD credited to those checked in, credentials of attendance queued. */
export async function seedDemoClosing(_tx: Tx, _events: DemoEvents, _now: Date, _p: Platform): Promise<void> {}
