import type { Tx } from '../../db/database.js';
import type { WebhookSecrets } from '../../modules/organisations/webhooks/secrets.js';
import { newSecret } from '../../modules/organisations/webhooks/webhooks.service.js';
import { statusAfter } from '../../modules/organisations/webhooks/rules.js';
import { newId } from '../../platform/ids.js';
import type { DemoOrganisations } from './core.js';

/**
 * Northwind (the team organisation) has one endpoint, switched off (its address is an example one, so the
 * demo never calls out), with a few deliveries of its consenting staff's credentials in the log: one sent
 * at once, one after a retry, one dropped when consent was withdrawn before it was sent.
 */
export async function seedDemoWebhooks(tx: Tx, orgs: DemoOrganisations, now: Date, secrets: WebhookSecrets): Promise<void> {
  if (!orgs.team) return;
  const admin = await tx.selectFrom('organisation_members').select('user_id').where('organisation_id', '=', orgs.team).where('role', '=', 'admin').executeTakeFirst();
  if (!admin) return;
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
  const endpointId = newId();
  await tx
    .insertInto('webhook_endpoints')
    .values({
      id: endpointId,
      organisation_id: orgs.team,
      url: 'https://hooks.northwind.example/guildhall',
      description: 'HR system (example address: switched off in the demo)',
      events: JSON.stringify(['credential.awarded', 'credential.suspended', 'credential.reinstated', 'credential.revoked', 'credential.lapsed']),
      status: 'disabled',
      disabled_reason: 'Switched off by an administrator.',
      secret: secrets.seal(endpointId, newSecret()),
      previous_secret: null,
      previous_secret_until: null,
      failing_since: null,
      created_by: admin.user_id,
      created_at: ago(60 * 24 * 7),
      updated_at: ago(30),
    })
    .execute();
  const staff = await tx
    .selectFrom('consent_grants as g')
    .innerJoin('credentials as c', 'c.holder_id', 'g.member_id')
    .innerJoin('users as u', 'u.id', 'g.member_id')
    .select(['u.id as memberId', 'u.name', 'c.id as credentialId', 'c.level_id', 'c.level_name'])
    .where('g.organisation_id', '=', orgs.team)
    .where('g.scope', '=', 'credentials')
    .orderBy('u.name')
    .limit(3)
    .execute();
  const plan: Array<{ type: 'credential.awarded' | 'credential.suspended' | 'credential.reinstated'; status: 'delivered' | 'dropped'; attempts: Array<[number | null, number, string | null]> }> = [
    { type: 'credential.awarded', status: 'delivered', attempts: [[200, 143, null]] },
    { type: 'credential.suspended', status: 'delivered', attempts: [[503, 88, null], [200, 121, null]] },
    { type: 'credential.reinstated', status: 'dropped', attempts: [] },
  ];
  for (const [i, s] of staff.entries()) {
    const p = plan[i]!;
    const id = `msg_${newId()}`;
    const queued = ago(60 * 24 * (3 - i));
    const body = JSON.stringify({ type: p.type, timestamp: queued, data: { member: { id: s.memberId, name: s.name }, credential: { id: s.credentialId, levelId: s.level_id, level: s.level_name, status: statusAfter(p.type) } } });
    const last = p.attempts[p.attempts.length - 1];
    await tx
      .insertInto('webhook_deliveries')
      .values({
        id,
        endpoint_id: endpointId,
        organisation_id: orgs.team,
        event_type: p.type,
        member_id: s.memberId,
        body,
        status: p.status,
        attempts: p.attempts.length,
        next_attempt_at: queued,
        retry_until: queued,
        locked_until: null,
        by_hand: 0,
        last_status_code: last?.[0] ?? null,
        last_error: p.status === 'dropped' ? 'The member withdrew consent before this delivery was sent.' : null,
        delivered_at: p.status === 'delivered' ? queued : null,
        created_at: queued,
      })
      .execute();
    for (const [k, [code, latency, error]] of p.attempts.entries()) {
      await tx.insertInto('webhook_attempts').values({ id: newId(), delivery_id: id, attempted_at: new Date(new Date(queued).getTime() + k * 30_000).toISOString(), status_code: code, latency_ms: latency, error, by_hand: 0 }).execute();
    }
  }
}
