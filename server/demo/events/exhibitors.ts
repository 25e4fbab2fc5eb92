import type { Tx } from '../../db/database.js';
import type { ExhibitorTier } from '../../db/schema-events.js';
import { provisionUser } from '../../modules/accounts/provision.js';
import { leadDigest } from '../../modules/events/exhibitors/leads.service.js';
import { createRegistration } from '../../modules/events/registration/tickets.js';
import { systemActor } from '../../platform/audit.js';
import type { Platform } from '../../platform/context.js';
import { newId } from '../../platform/ids.js';
import { sealingSecret } from '../../platform/sealed.js';
import type { DemoEvents } from './types.js';

/*
 * This year's conference: 40 sponsors and exhibitors over five tiers (invented service-management vendors
 * on example domains), three of them the demo organisations. Contoso's stand is staffed by contoso@ (with an
 * exhibitor ticket), who has scanned a few visitors: two shared their contact, two did not and are only
 * counted. The visitors are registered here (the registration demo runs later and registers members).
 */

const tiers: Array<[ExhibitorTier, string[]]> = [
  ['platinum', ['Northwind Service Partners', 'Servicely Cloud']],
  ['gold', ['Contoso Health IT', 'Desklight', 'Incidentra', 'Configo CMDB', 'OpsHarbor']],
  ['silver', ['Fabrikam Recruitment', 'Ticketwise', 'ChangeRight', 'Pagerfield', 'Assetory', 'Knowbase', 'SLA Sentinel', 'Runbook Forge', 'Queuemaster', 'Escalate.io']],
  ['bronze', ['Helpline Analytics', 'Probable Cause', 'Patchwell', 'Servicemap', 'Dutyroster', 'Catalogue Nine', 'Uptime Ledger', 'Triage Labs', 'Feedback Loop', 'Shiftleft Support', 'Clearqueue', 'Majorline', 'Statuspage Works']],
  ['supporter', ['ITSM Reading Group', 'Service Design Guild', 'Open Runbooks Project', 'Women in Service Management', 'Desk Heroes Podcast', 'Problem Solvers Meetup', 'Continual Improvement Circle', 'Availability Forum', 'Service Owners Network', 'Ops Apprentices Trust']],
];

/** The demo organisations among the exhibitors, by name. */
const linked: Record<string, string> = { 'Northwind Service Partners': 'northwind-service-partners', 'Contoso Health IT': 'contoso-health-it', 'Fabrikam Recruitment': 'fabrikam-recruitment' };

const descriptions = [
  'Service desk software for teams of ten to ten thousand.',
  'Incident and major-incident management with on-call rotas.',
  'A configuration management database that keeps itself current.',
  'Change enablement without the waiting: risk scoring and automated approvals.',
  'Knowledge management that agents actually use.',
];

const slugOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

const visitors = [
  { email: 'priyanka.rao@visitors.example', name: 'Priyanka Rao', organisation: 'Harbour City Council', share: true },
  { email: 'tomasz.nowak@visitors.example', name: 'Tomasz Nowak', organisation: 'Baltic Freight', share: true },
  { email: 'grace.okafor@visitors.example', name: 'Grace Okafor', organisation: null, share: false },
  { email: 'li.wei@visitors.example', name: 'Li Wei', organisation: 'Eastgate Bank', share: false },
];

export async function seedDemoExhibitors(tx: Tx, events: DemoEvents, now: Date, p: Platform): Promise<void> {
  const eventId = events.conferenceId;
  if (!eventId) return;
  const at = now.toISOString();
  const orgs = await tx.selectFrom('organisations').select(['id', 'slug']).where('slug', 'in', Object.values(linked)).execute();
  let stand = 0;
  const ids = new Map<string, string>();
  for (const [tier, names] of tiers) {
    for (const name of names) {
      stand++;
      const id = newId();
      ids.set(name, id);
      const hall = stand <= 20 ? 'A' : 'B';
      await tx
        .insertInto('event_exhibitors')
        .values({
          id,
          event_id: eventId,
          organisation_id: orgs.find((o) => o.slug === linked[name])?.id ?? null,
          name,
          kind: tier === 'platinum' || tier === 'supporter' ? 'sponsor' : tier === 'gold' ? 'both' : 'exhibitor',
          tier,
          stand: tier === 'supporter' ? null : `${hall}${String(((stand - 1) % 20) + 1).padStart(2, '0')}`,
          logo_sha256: null,
          website: `https://${slugOf(name)}.example`,
          description: descriptions[stand % descriptions.length] as string,
          created_at: at,
          updated_at: at,
        })
        .execute();
    }
  }

  const contosoStand = ids.get('Contoso Health IT') as string;
  const ticket = await tx.selectFrom('event_ticket_types').select('id').where('event_id', '=', eventId).where('kind', '=', 'exhibitor').executeTakeFirst();
  const member = await tx.selectFrom('event_ticket_types').select('id').where('event_id', '=', eventId).where('kind', 'in', ['non_member', 'member']).orderBy('kind', 'desc').executeTakeFirst();
  const staff = await tx.selectFrom('users').select(['id', 'name', 'email']).where('email', '=', 'contoso@demo.guildhall.test').executeTakeFirst();
  if (!ticket || !member || !staff) return;
  const held = await tx.selectFrom('event_registrations').select('id').where('event_id', '=', eventId).where('user_id', '=', staff.id).executeTakeFirst();
  const reg =
    held ??
    (await createRegistration(tx, { eventId, userId: staff.id, ticketTypeId: ticket.id, name: staff.name, email: staff.email, organisationName: 'Contoso Health IT', shareWithExhibitors: false, feeMinor: 0, source: 'exhibitor' }, now));
  await tx.insertInto('event_exhibitor_staff').values({ exhibitor_id: contosoStand, user_id: staff.id, event_id: eventId, registration_id: reg.id, ticket_made: held ? 0 : 1, added_by: staff.id, added_at: at }).execute();

  for (const [i, v] of visitors.entries()) {
    const userId = await provisionUser(tx, { email: v.email, name: v.name, roles: [], verified: true }, systemActor, now);
    const r = await createRegistration(tx, { eventId, userId, ticketTypeId: member.id, name: v.name, email: v.email, organisationName: v.organisation, shareWithExhibitors: v.share, feeMinor: 0, source: 'guest' }, now);
    const scannedAt = new Date(now.getTime() - (i + 1) * 3_600_000).toISOString();
    if (v.share) {
      await tx.insertInto('event_leads').values({ id: newId(), exhibitor_id: contosoStand, registration_id: r.id, note: i === 0 ? 'Wants a demo of the patient-records integration.' : null, scanned_by: staff.id, scanned_at: scannedAt, updated_at: scannedAt }).execute();
    } else {
      // As the lead service counts them, so scanning the same badge again in the demo counts it once.
      const digest = leadDigest(sealingSecret(p.config, (m) => p.logger.warn(m)), contosoStand, r.id);
      await tx.insertInto('event_lead_counts').values({ exhibitor_id: contosoStand, digest, scanned_on: scannedAt.slice(0, 10) }).execute();
    }
  }
}
