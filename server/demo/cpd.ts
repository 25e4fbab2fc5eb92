import type { CpdActivityType } from '../../contracts/cpd.js';
import type { Tx } from '../db/database.js';
import { activityDateProblem, isoDay } from '../modules/cpd/cpd.dates.js';
import { manualActivityRow } from '../modules/cpd/cpd.repository.js';
import { newId } from '../platform/ids.js';

/*
 * Demo CPD. The demo member tracks an ITSM certification (renewed 300 days ago) and has logged a year of
 * activities: education and community are each over that rule set's 15-a-year cap, and experience is 2 short
 * of its 5, so the page has a cap to explain and a shortfall to close. Every demo credential holder has a
 * few activities since their award.
 */

type Seed = { type: CpdActivityType; title: string; daysAgo: number; hours: number; provider: string | null; details: Record<string, string>; learned: string; apply: string };

const memberLog: Seed[] = [
  { type: 'training', title: 'ITIL 4 Specialist: Drive Stakeholder Value', daysAgo: 250, hours: 12, provider: 'Northgate Training', details: { format: 'online' }, learned: 'Mapping customer journeys to value streams', apply: 'Redesign our onboarding journey with the product team' },
  { type: 'event', title: 'Service management conference', daysAgo: 200, hours: 6, provider: 'The body', details: { eventName: 'Annual conference', sessions: 'SLAs that matter; AI in the service desk' }, learned: 'Experience-level agreements beat uptime targets', apply: 'Pilot an XLA for the service desk' },
  { type: 'speaking', title: 'Blameless problem reviews', daysAgo: 180, hours: 10, provider: null, details: { eventName: 'Regional chapter meeting', audience: '60 practitioners' }, learned: 'Writing the talk sharpened our own review template', apply: 'Publish the template internally' },
  { type: 'writing', title: 'Measuring change success', daysAgo: 120, hours: 8, provider: null, details: { publication: 'The body’s journal' }, learned: 'Change failure rate needs a shared definition', apply: 'Agree the definition at the next CAB' },
  { type: 'work-practice', title: 'Major incident review', daysAgo: 90, hours: 3, provider: null, details: { context: 'Payment outage in March' }, learned: 'Our escalation path skipped the supplier', apply: 'Add supplier contacts to the runbook' },
  { type: 'self-study', title: 'Site reliability engineering, chapters 1–6', daysAgo: 60, hours: 2.5, provider: null, details: { material: 'A book on site reliability engineering' }, learned: 'Error budgets as a negotiation tool', apply: 'Propose an error budget for the portal' },
  { type: 'mentoring', title: 'Mentoring a new service desk analyst', daysAgo: 30, hours: 4, provider: 'Mentoring programme', details: { mentee: 'A junior analyst (JB)' }, learned: 'Explaining priority rules showed where ours are vague', apply: 'Rewrite the priority matrix' },
];

const holderTypes: CpdActivityType[] = ['training', 'event', 'self-study', 'work-practice', 'speaking', 'mentoring', 'certification'];
const detailsFor: Record<string, Record<string, string>> = {
  training: {},
  event: { eventName: 'Chapter meeting' },
  'self-study': { material: 'Online course' },
  'work-practice': { context: 'Service improvement work' },
  speaking: { eventName: 'Chapter meeting' },
  mentoring: { mentee: 'A colleague' },
  certification: {},
};
const providerFor: Record<string, string | null> = { training: 'Northgate Training', certification: 'An exam institute', event: 'The body' };

const DAY = 86_400_000;

/** Adds the demo CPD inside the seeding transaction. */
export async function seedDemoCpd(tx: Tx, memberEmail: string, now: Date): Promise<void> {
  const at = now.toISOString();
  const memberId = (await tx.selectFrom('users').select('id').where('email', '=', memberEmail).executeTakeFirstOrThrow()).id;
  const row = (holderId: string, s: Omit<Seed, 'daysAgo'> & { on: string }) => {
    // Demo activities obey the same date rule as every other way of writing one.
    const problem = activityDateProblem(s.on, isoDay(now));
    if (problem) throw new Error(`demo CPD activity "${s.title}": ${problem}`);
    return manualActivityRow(
      newId(),
      holderId,
      { type: s.type, title: s.title, occurred_on: s.on, quarters: Math.round(s.hours * 4), provider: s.provider, learned: s.learned, apply: s.apply, details: JSON.stringify(s.details) },
      at,
    );
  };
  const rows = memberLog.map((s) => row(memberId, { ...s, on: isoDay(new Date(now.getTime() - s.daysAgo * DAY)) }));
  await tx
    .insertInto('cpd_tracked_credentials')
    .values({ id: newId(), member_id: memberId, name: 'ITSM Managing Professional', issuer: 'An ITSM certification body', rule_set_key: 'itsm-certification', cycle_start: isoDay(new Date(now.getTime() - 300 * DAY)), created_at: at, updated_at: at })
    .execute();

  // Holders: one activity every ~7 weeks since the award, types and hours varying by holder.
  const holders = await tx.selectFrom('credentials').select(['holder_id', 'awarded_at']).where('status', '=', 'active').orderBy('holder_id').execute();
  holders.forEach((h, i) => {
    const since = Math.floor((now.getTime() - Date.parse(h.awarded_at)) / DAY);
    for (let d = since - 20, k = 0; d > 0; d -= 45 + ((i * 7 + k * 13) % 30), k++) {
      const type = holderTypes[(i + k) % holderTypes.length]!;
      const hours = 1 + ((i * 3 + k * 5) % 28) / 4;
      rows.push(row(h.holder_id, { type, title: `${type === 'work-practice' ? 'Reflection' : 'Activity'} ${k + 1}`, on: isoDay(new Date(now.getTime() - d * DAY)), hours, provider: providerFor[type] ?? null, details: detailsFor[type] ?? {}, learned: 'Notes on what I learned', apply: 'How I will use it at work' }));
    }
  });
  for (let i = 0; i < rows.length; i += 200) await tx.insertInto('cpd_activities').values(rows.slice(i, i + 200)).execute();

  // An approved provider (the body's own events), whose codes the events organiser credits by CSV upload.
  const organiser = await tx.selectFrom('users').select('id').where('email', '=', 'organiser@demo.guildhall.test').executeTakeFirst();
  const providerId = newId();
  await tx.insertInto('cpd_providers').values({ id: providerId, slug: 'guildhall-events', name: 'Guildhall Events', contact_email: 'organiser@demo.guildhall.test', status: 'approved', approved_by: null, approved_at: at, created_at: at, updated_at: at }).execute();
  const year = now.getUTCFullYear();
  await tx
    .insertInto('cpd_provider_codes')
    .values([
      { provider_id: providerId, code: `CONF${year}-D1`, type: 'event', title: `Annual conference ${year}, day 1`, quarters: 24, details: JSON.stringify({ eventName: `Annual conference ${year}` }), valid_from: `${year}-01-01`, valid_to: `${year}-12-31`, created_at: at },
      { provider_id: providerId, code: `CONF${year}-D2`, type: 'event', title: `Annual conference ${year}, day 2`, quarters: 24, details: JSON.stringify({ eventName: `Annual conference ${year}` }), valid_from: `${year}-01-01`, valid_to: `${year}-12-31`, created_at: at },
      { provider_id: providerId, code: 'WEBINAR', type: 'training', title: 'Chapter webinar', quarters: 4, details: '{}', valid_from: null, valid_to: null, created_at: at },
    ])
    .execute();
  if (organiser) await tx.insertInto('cpd_provider_users').values({ provider_id: providerId, user_id: organiser.id, added_at: at }).execute();
}
