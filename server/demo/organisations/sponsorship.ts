import type { Tx } from '../../db/database.js';
import type { DemoOrganisations } from './core.js';

export async function seedDemoSponsorship(_tx: Tx, _orgs: DemoOrganisations, _now: Date): Promise<void> {}
