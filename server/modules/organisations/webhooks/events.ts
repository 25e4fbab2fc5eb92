import type { Tx } from '../../../db/database.js';
import type { WebhookEventType } from '../../../db/schema-organisations.js';
import { newId } from '../../../platform/ids.js';
import { enqueue } from '../../../platform/jobs/queue.js';
import { JOB_KIND, RETRY_WINDOW_MS, statusAfter } from './rules.js';

/** A change to a member that organisations may be told of, subject to the member's consent. */
export type MemberEvent = {
  type: 'credential.awarded' | 'credential.suspended' | 'credential.reinstated' | 'credential.revoked' | 'credential.lapsed';
  memberId: string;
  credentialId: string;
  levelId: string;
  levelName: string;
};

/** A change inside one organisation that its endpoints may subscribe to. */
export type OrganisationEvent = {
  type: 'consent.granted' | 'consent.revoked' | 'employment.confirmation_requested';
  organisationId: string;
  memberId: string;
  data: Record<string, unknown>;
};

type Endpoint = { id: string; organisation_id: string; events: string };

/** The delivery rows of one event, one per endpoint, and the job that sends them; in the caller's transaction. */
async function queueDeliveries(tx: Tx, endpoints: Endpoint[], type: WebhookEventType, memberId: string, data: Record<string, unknown>, now: Date): Promise<void> {
  const subscribed = endpoints.filter((e) => (JSON.parse(e.events) as string[]).includes(type));
  if (subscribed.length === 0) return;
  const at = now.toISOString();
  // The body is fixed now, so every attempt (and a re-send by hand) sends the same bytes under the same id.
  const body = JSON.stringify({ type, timestamp: at, data });
  const retryUntil = new Date(now.getTime() + RETRY_WINDOW_MS).toISOString();
  await tx
    .insertInto('webhook_deliveries')
    .values(
      subscribed.map((e) => ({
        id: `msg_${newId()}`,
        endpoint_id: e.id,
        organisation_id: e.organisation_id,
        event_type: type,
        member_id: memberId,
        body,
        status: 'pending' as const,
        attempts: 0,
        next_attempt_at: at,
        retry_until: retryUntil,
        locked_until: null,
        by_hand: 0,
        last_status_code: null,
        last_error: null,
        delivered_at: null,
        created_at: at,
      })),
    )
    .execute();
  // One job per second however many events a transaction queues; deliveries it misses wait for the sweep.
  await enqueue(tx, JOB_KIND, {}, now, { idempotencyKey: `${JOB_KIND}:${Math.floor(now.getTime() / 1000)}`, maxAttempts: 3 });
}

const memberName = async (tx: Tx, memberId: string) => (await tx.selectFrom('users').select('name').where('id', '=', memberId).executeTakeFirst())?.name ?? '';

/**
 * Queues one delivery per endpoint that subscribes to the event, of every organisation the member has
 * granted sight of their credentials, in the caller's transaction. The payload holds what that consent
 * covers: the member's name, the credential's id, level and status.
 */
export async function queueMemberEvent(tx: Tx, event: MemberEvent, now: Date): Promise<void> {
  const endpoints = await tx
    .selectFrom('consent_grants as g')
    .innerJoin('webhook_endpoints as e', 'e.organisation_id', 'g.organisation_id')
    .select(['e.id', 'e.organisation_id', 'e.events'])
    .where('g.member_id', '=', event.memberId)
    .where('g.scope', '=', 'credentials')
    .where('g.revoked_at', 'is', null)
    .where('e.status', '=', 'enabled')
    .distinct()
    .execute();
  if (endpoints.length === 0) return;
  const data = {
    member: { id: event.memberId, name: await memberName(tx, event.memberId) },
    credential: { id: event.credentialId, levelId: event.levelId, level: event.levelName, status: statusAfter(event.type) },
  };
  await queueDeliveries(tx, endpoints, event.type, event.memberId, data, now);
}

/** Queues one delivery per endpoint of the organisation that subscribes to the event, in the caller's transaction. */
export async function queueOrganisationEvent(tx: Tx, event: OrganisationEvent, now: Date): Promise<void> {
  const endpoints = await tx
    .selectFrom('webhook_endpoints')
    .select(['id', 'organisation_id', 'events'])
    .where('organisation_id', '=', event.organisationId)
    .where('status', '=', 'enabled')
    .execute();
  if (endpoints.length === 0) return;
  const data = { organisationId: event.organisationId, member: { id: event.memberId, name: await memberName(tx, event.memberId) }, ...event.data };
  await queueDeliveries(tx, endpoints, event.type, event.memberId, data, now);
}
