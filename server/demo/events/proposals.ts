import type { Tx } from '../../db/database.js';
import type { DemoEvents } from './types.js';

/** An open call for presentations with proposals and reviews. */
export async function seedDemoProposals(_tx: Tx, _events: DemoEvents, _now: Date): Promise<void> {}
