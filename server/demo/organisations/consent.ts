import type { Tx } from '../../db/database.js';
import { consentTexts } from '../../modules/organisations/consent/consent-texts.js';
import { provisionUser } from '../../modules/accounts/provision.js';
import { dataOf } from '../../modules/portfolio/portfolio.repository.js';
import { loadDefaultScheme } from '../../modules/schemes/default-scheme.js';
import { systemActor } from '../../platform/audit.js';
import { newId } from '../../platform/ids.js';
import type { DemoOrganisations } from './core.js';
import { hashPassword } from '../../platform/passwords.js';
import { DEMO_PASSWORD } from '../people.js';

const DAY = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

const given = ['Amelia', 'Bilal', 'Chiara', 'Dmitri', 'Esme', 'Femi', 'Gwen', 'Hiro', 'Isla', 'Jamal'];
const family = ['Archer', 'Bose', 'Castillo', 'Dunn'];
const levels = ['associate', 'member', 'professional', 'fellow'] as const;
/** CPD states in the order staff take them: on track most often, then each of the others. */
const states = ['ok', 'ok', 'short', 'grace', 'ok', 'suspended', 'ok', 'lapsed', 'short', 'ok'] as const;
const certifications = ['ITIL 4 Foundation', 'ITIL 4 Managing Professional', 'ISO/IEC 20000 Practitioner', 'COBIT 2019 Foundation', 'SIAM Foundation'];

/**
 * Northwind Service Partners' 40 staff who share their record with it: every level held, every CPD
 * standing (a credential suspended or lapsed for CPD has that status too), reviews falling due over the
 * coming months, portfolios with certifications and responsibility levels. Most share everything; some
 * share only their credentials, so the team view shows what a partial grant looks like. Skipped while the
 * organisations' own demo data is not there.
 */
export async function seedDemoConsent(tx: Tx, orgs: DemoOrganisations, now: Date): Promise<void> {
  if (!orgs.team) return;
  const scheme = loadDefaultScheme();
  const version = await tx.selectFrom('scheme_versions').select('id').where('status', '=', 'published').orderBy('number', 'desc').executeTakeFirstOrThrow();
  const at = now.toISOString();
  // Like every demo member, Northwind's staff sign in with the demo password.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (let i = 0; i < 40; i++) {
    const name = `${given[i % given.length]} ${family[Math.floor(i / given.length)]}`;
    const email = `${name.toLowerCase().replace(' ', '.')}@northwind.example`;
    const id = await provisionUser(tx, { email, name, roles: [], passwordHash, country: 'GB' }, systemActor, now);
    const levelId = levels[i % levels.length] as string;
    const level = scheme.levels.find((l) => l.id === levelId);
    if (!level) throw new Error(`The default scheme has no level "${levelId}"`);
    const state = states[i % states.length] as (typeof states)[number];
    const awarded = new Date(now.getTime() - (400 + i * 20) * DAY);
    const review = new Date(now.getTime() + (i * 11 - 30) * DAY); // some overdue, most over the next year
    const credentialId = newId();
    await tx
      .insertInto('credentials')
      .values({
        id: credentialId,
        holder_id: id,
        application_id: null,
        scheme_version_id: version.id,
        level_id: level.id,
        level_name: level.name,
        post_nominals: level.postNominals,
        awarded_at: awarded.toISOString(),
        review_at: review.toISOString(),
        status: state === 'suspended' ? 'suspended' : state === 'lapsed' ? 'lapsed' : 'active',
        status_changed_at: awarded.toISOString(),
        created_at: at,
      })
      .execute();
    const cycleStart = new Date(now.getTime() - (300 + i) * DAY);
    const cycleEnd = new Date(cycleStart.getTime() + 365 * DAY);
    await tx
      .insertInto('cpd_credential_states')
      .values({ credential_id: credentialId, member_id: id, cycle_index: 0, cycle_start: isoDay(cycleStart), cycle_end: isoDay(cycleEnd), status: state, since: isoDay(new Date(now.getTime() - 10 * DAY)), next_check_on: isoDay(new Date(cycleEnd.getTime() + (state === 'grace' ? 30 : 0) * DAY)), updated_at: at })
      .execute();
    const hours = state === 'ok' ? 20 + (i % 5) * 4 : 2 + (i % 4) * 3;
    await tx
      .insertInto('cpd_activities')
      .values({ id: newId(), member_id: id, type: 'training', title: 'Service management course', occurred_on: isoDay(new Date(now.getTime() - (5 + (i % 10)) * DAY)), quarters: hours * 4, provider: 'Northwind Academy', learned: 'How our service desk measures and improves first-contact resolution.', apply: 'Review the team’s escalation rules with the new measures.', source: 'manual', provider_id: null, import_id: null, row_key: null, activity_code: null, audit_status: null, created_at: at, updated_at: at, deleted_at: null })
      .execute();
    for (const item of [
      { kind: 'certification', catalogueId: null, title: certifications[i % certifications.length] as string, issuer: 'A certification body', awardedOn: isoDay(awarded), evidenceIds: [] },
      { kind: 'work', employer: 'Northwind Service Partners', roleTitle: 'Service analyst', startOn: '2019-01-07', endOn: null, itsm: true, responsibilityLevel: 2 + (i % 5), skills: ['incident-management'], evidenceIds: [] },
    ] as const) {
      const itemId = newId();
      await tx.insertInto('portfolio_items').values({ id: itemId, member_id: id, kind: item.kind, data: dataOf({ ...item, id: itemId } as never), created_at: at, updated_at: at }).execute();
    }
    const scopes = i % 8 === 7 ? (['credentials'] as const) : (['credentials', 'cpd_standing', 'portfolio_summary'] as const);
    for (const scope of scopes) {
      const text = consentTexts[scope];
      await tx
        .insertInto('consent_grants')
        .values({ id: newId(), member_id: id, organisation_id: orgs.team, scope, text: text.text, text_version: text.version, granted_at: new Date(now.getTime() - (60 - i) * DAY).toISOString(), revoked_at: null })
        .execute();
    }
  }
  await tx.insertInto('consent_revisions').values({ organisation_id: orgs.team, revision: 1 }).execute();
}
