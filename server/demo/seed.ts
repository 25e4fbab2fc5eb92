import type { Guildhall } from '../app.js';
import { provisionUser } from '../modules/accounts/provision.js';
import { systemActor } from '../platform/audit.js';
import { newId } from '../platform/ids.js';
import { hashPassword } from '../platform/passwords.js';
import { DEMO_PASSWORD, demoBody, demoMembers, demoStaff } from './people.js';

export type SeedResult = { users: number; signIns: Array<{ role: string; email: string; password: string }> };

/** Seeds the demo body, staff and members into an empty database; returns null if it has users. */
export async function seedDemoIfEmpty(g: Pick<Guildhall, 'platform'>): Promise<SeedResult | null> {
  const db = g.platform.database.db;
  const any = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  return seedDemo(g);
}

/** All demo data lives here, in one transaction: either all of it is seeded or none. */
export async function seedDemo(g: Pick<Guildhall, 'platform'>): Promise<SeedResult> {
  const { database, clock } = g.platform;
  const now = clock.now();
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const members = demoMembers();
  await database.db.transaction().execute(async (tx) => {
    await tx
      .insertInto('bodies')
      .values({ id: newId(), slug: demoBody.slug, name: demoBody.name, short_name: demoBody.shortName, country: demoBody.country, website: demoBody.website, created_at: now.toISOString() })
      .execute();
    for (const s of demoStaff) {
      await provisionUser(tx, { email: s.email, name: s.name, roles: s.roles, passwordHash, country: 'GB' }, systemActor, now);
    }
    for (const m of members) {
      await provisionUser(
        tx,
        { email: m.email, name: m.name, roles: [], passwordHash, country: m.country, verified: m.verified, createdAt: new Date(now.getTime() - m.joinedDaysAgo * 86_400_000) },
        systemActor,
        now,
      );
    }
  });
  return {
    users: demoStaff.length + members.length,
    signIns: demoStaff.map((s) => ({ role: s.role.replace('_', ' '), email: s.email, password: DEMO_PASSWORD })),
  };
}
