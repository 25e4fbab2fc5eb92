import type { Tx } from '../../db/database.js';

/** The three demo organisations' ids: `team` (40 consenting staff), `sponsor` (sponsors an application), `recruiter`. */
export type DemoOrganisations = { team: string; sponsor: string; recruiter: string };

export async function seedDemoOrganisationsCore(_tx: Tx, _now: Date): Promise<DemoOrganisations> {
  return { team: '', sponsor: '', recruiter: '' };
}
