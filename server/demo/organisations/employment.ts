import type { Tx } from '../../db/database.js';
import { demoMembers } from '../people.js';
import type { DemoOrganisations } from './core.js';
import { demoEmploymentLink } from './employment-links.js';

const DAY_MS = 86_400_000;

/**
 * Northwind (the team organisation) has confirmed the jobs of six demo members, a week apart, and the demo
 * member's (member@demo.guildhall.test) request waits for it, so its employer sees one pending request.
 */
export async function seedDemoEmployment(tx: Tx, orgs: DemoOrganisations, now: Date): Promise<void> {
  if (!orgs.team) return;
  const admin = await tx.selectFrom('organisation_members').select('user_id').where('organisation_id', '=', orgs.team).where('role', '=', 'admin').executeTakeFirst();
  const emails = demoMembers().slice(10, 30).map((m) => m.email);
  const staff = await tx.selectFrom('users').select('id').where('email', 'in', emails).orderBy('email').execute();
  let confirmed = 0;
  for (const s of staff) {
    if (confirmed === 6) break;
    if (await demoEmploymentLink(tx, orgs.team, s.id, 'confirmed', new Date(now.getTime() - (confirmed + 1) * 7 * DAY_MS), admin?.user_id ?? null)) confirmed += 1;
  }
  const member = await tx.selectFrom('users').select('id').where('email', '=', 'member@demo.guildhall.test').executeTakeFirst();
  if (member) await demoEmploymentLink(tx, orgs.team, member.id, 'pending', now);
}
