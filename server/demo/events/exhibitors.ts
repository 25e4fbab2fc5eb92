import type { Tx } from '../../db/database.js';
import type { DemoEvents } from './types.js';

/** 40 exhibitors and sponsors over tiers, with staff and a few leads. */
export async function seedDemoExhibitors(_tx: Tx, _events: DemoEvents, _now: Date): Promise<void> {}
