import type { Tx } from '../../db/database.js';
import type { OrganisationRole } from '../../db/schema-organisations.js';
import { provisionUser } from '../../modules/accounts/provision.js';
import { coreRepository } from '../../modules/organisations/core/repository.js';
import { systemActor } from '../../platform/audit.js';
import { newId } from '../../platform/ids.js';
import { hashPassword } from '../../platform/passwords.js';
import { DEMO_PASSWORD } from '../people.js';

/** The three demo organisations' ids: `team` (40 consenting staff), `sponsor` (sponsors an application), `recruiter`. */
export type DemoOrganisations = { team: string; sponsor: string; recruiter: string };

/** The demo's organisation staff besides David Chen (employer@, in people.ts); all sign in with the demo password. */
export const demoOrganisationStaff = [
  { key: 'team', organisation: 'Northwind', email: 'hr@demo.guildhall.test', name: 'Grace Liu', role: 'hr' },
  { key: 'sponsor', organisation: 'Contoso', email: 'contoso@demo.guildhall.test', name: 'Jordan Reyes', role: 'admin' },
  { key: 'recruiter', organisation: 'Fabrikam', email: 'fabrikam@demo.guildhall.test', name: 'Lena Fischer', role: 'admin' },
] as const satisfies ReadonlyArray<{ key: keyof DemoOrganisations; organisation: string; email: string; name: string; role: OrganisationRole }>;

const organisations: Array<{ key: keyof DemoOrganisations; slug: string; name: string; country: string; website: string; description: string; domain: string }> = [
  { key: 'team', slug: 'northwind-service-partners', name: 'Northwind Service Partners', country: 'GB', website: 'https://northwind.example', description: 'Managed IT service desks for the public sector, with 40 certified practitioners.', domain: 'northwind.example' },
  { key: 'sponsor', slug: 'contoso-health-it', name: 'Contoso Health IT', country: 'IE', website: 'https://contoso-health.example', description: 'IT services for hospitals; we sponsor our staff’s certification.', domain: 'contoso-health.example' },
  { key: 'recruiter', slug: 'fabrikam-recruitment', name: 'Fabrikam Recruitment', country: 'GB', website: 'https://fabrikam.example', description: 'Specialist recruiters for IT service management roles.', domain: 'fabrikam.example' },
];

/** Three active organisations with verified domains; David Chen administers Northwind, with an hr colleague. */
export async function seedDemoOrganisationsCore(tx: Tx, now: Date): Promise<DemoOrganisations> {
  const at = now.toISOString();
  const ids = {} as DemoOrganisations;
  const david = await coreRepository.userByEmail(tx, 'employer@demo.guildhall.test');
  for (const o of organisations) {
    const id = newId();
    ids[o.key] = id;
    await coreRepository.insert(tx, { id, slug: o.slug, name: o.name, country: o.country, website: o.website, description: o.description, logo_sha256: null, status: 'active', requested_by: null, approved_by: null, approved_at: at, decision_reason: null, created_at: at, updated_at: at });
    await coreRepository.insertDomain(tx, { organisation_id: id, domain: o.domain, verified_at: at, verified_by: null, verified_email: `it@${o.domain}`, pending_email: null, token_hash: null, token_expires_at: null, created_at: at });
  }
  if (david) await coreRepository.addMember(tx, ids.team, david.id, 'admin', null, now);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const s of demoOrganisationStaff) {
    const userId = await provisionUser(tx, { email: s.email, name: s.name, roles: [], passwordHash, country: 'GB' }, systemActor, now);
    await coreRepository.addMember(tx, ids[s.key], userId, s.role, null, now);
  }
  return ids;
}
