import type { Guildhall } from '../app.js';
import { provisionUser } from '../modules/accounts/provision.js';
import { systemActor } from '../platform/audit.js';
import { newId } from '../platform/ids.js';
import { hashPassword } from '../platform/passwords.js';
import type { Tx } from '../db/database.js';
import { dataOf } from '../modules/portfolio/portfolio.repository.js';
import { loadDefaultScheme } from '../modules/schemes/default-scheme.js';
import { installScheme } from '../modules/schemes/install.js';
import { demoOrganisationStaff } from './organisations/core.js';
import { webhookSecrets } from '../modules/organisations/webhooks/secrets.js';
import { seedDemoOrganisations } from './organisations/index.js';
import { seedDemoEvents } from './events/index.js';
import { DEMO_PASSWORD, demoBody, demoMembers, demoStaff } from './people.js';
import { type DemoProfile, demoPortfolio, profileFor } from './portfolios.js';
import { seedDemoCpd } from './cpd.js';
import { seedDemoApplications } from './applications.js';
import { seedDemoRegister } from './register.js';
import { seedDemoCredentialHistory } from './credentials-console.js';
import type { Scheme } from '../../contracts/scheme.js';
import { seedDemoPrivacy } from './privacy.js';

/** The demo member who is one item short of Member, so the gap panel has something to show. */
export const DEMO_MEMBER_EMAIL = 'member@demo.guildhall.test';
/** The demo member who meets Professional, with a referee on file: ready to apply. */
export const DEMO_APPLICANT_EMAIL = 'applicant@demo.guildhall.test';
/** A generated member who holds Professional (profile "professional", verified, joined long ago): Elena O'Brien. */
export const DEMO_HOLDER_EMAIL = 'elena.obrien.8@members.guildhall.test';

/** The level demo members of each profile already hold (awarded before the demo starts). */
const heldLevel: Partial<Record<DemoProfile, string>> = { associate: 'associate', member: 'member', 'short-of-professional': 'member', professional: 'professional', 'fellow-eligible': 'professional' };

/** A credential record awarded `daysAgo` under the installed scheme version (no application: awarded before the demo). */
async function seedCredential(tx: Tx, holderId: string, scheme: Scheme, versionId: string, levelId: string, daysAgo: number, now: Date) {
  const level = scheme.levels.find((l) => l.id === levelId);
  if (!level) throw new Error(`The default scheme has no level "${levelId}"`);
  const awarded = new Date(now.getTime() - daysAgo * 86_400_000);
  const review = new Date(awarded);
  review.setUTCFullYear(review.getUTCFullYear() + (scheme.assessment?.reviewYears ?? 3));
  await tx
    .insertInto('credentials')
    .values({
      id: newId(),
      holder_id: holderId,
      application_id: null,
      scheme_version_id: versionId,
      level_id: level.id,
      level_name: level.name,
      post_nominals: level.postNominals,
      awarded_at: awarded.toISOString(),
      review_at: review.toISOString(),
      status: 'active',
      status_changed_at: awarded.toISOString(),
      created_at: now.toISOString(),
    })
    .execute();
}

async function seedPortfolio(tx: Tx, memberId: string, profile: DemoProfile, seed: number, now: Date) {
  const at = now.toISOString();
  for (const item of demoPortfolio(profile, seed, now)) {
    const id = newId();
    await tx.insertInto('portfolio_items').values({ id, member_id: memberId, kind: item.kind, data: dataOf({ ...item, id } as never), created_at: at, updated_at: at }).execute();
  }
}

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
    const bodyId = newId();
    await tx
      .insertInto('bodies')
      .values({ id: bodyId, slug: demoBody.slug, name: demoBody.name, short_name: demoBody.shortName, country: demoBody.country, website: demoBody.website, created_at: now.toISOString() })
      .execute();
    const scheme = loadDefaultScheme();
    const { versionId } = await installScheme(tx, { bodyId, scheme, by: systemActor, now });
    for (const s of demoStaff) {
      const id = await provisionUser(tx, { email: s.email, name: s.name, roles: s.roles, passwordHash, country: 'GB' }, systemActor, now);
      if (s.email === DEMO_MEMBER_EMAIL) await seedPortfolio(tx, id, 'short-of-member', 0, now);
      if (s.email === DEMO_APPLICANT_EMAIL) await seedPortfolio(tx, id, 'ready-to-apply', 1, now);
    }
    for (const [i, m] of members.entries()) {
      const id = await provisionUser(
        tx,
        { email: m.email, name: m.name, roles: [], passwordHash, country: m.country, verified: m.verified, createdAt: new Date(now.getTime() - m.joinedDaysAgo * 86_400_000) },
        systemActor,
        now,
      );
      const profile = profileFor(i);
      await seedPortfolio(tx, id, profile, i, now);
      const held = heldLevel[profile];
      // Holders are verified members who joined long enough ago to have been assessed.
      if (held && m.verified && m.joinedDaysAgo > 120) await seedCredential(tx, id, scheme, versionId, held, Math.floor(m.joinedDaysAgo / 2), now);
    }
    await seedDemoCpd(tx, DEMO_MEMBER_EMAIL, now);
    await seedDemoApplications(tx, scheme, versionId, now);
    await seedDemoRegister(tx, { email: DEMO_HOLDER_EMAIL, familyName: "O'Brien" }, now);
    await seedDemoOrganisations(tx, now, webhookSecrets(g.platform));
    await seedDemoEvents(tx, now, g.platform);
    await seedDemoCredentialHistory(tx, now);
    await seedDemoPrivacy(tx, DEMO_MEMBER_EMAIL, now);
  });
  return {
    users: demoStaff.length + members.length + demoOrganisationStaff.length,
    signIns: [
      ...demoStaff.map((s) => ({ role: s.role.replace('_', ' '), email: s.email, password: DEMO_PASSWORD })),
      ...demoOrganisationStaff.map((s) => ({ role: `${s.role.replace('_', ' ')}, ${s.organisation}`, email: s.email, password: DEMO_PASSWORD })),
    ],
  };
}
