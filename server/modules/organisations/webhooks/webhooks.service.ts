import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { WebhookDeliveryQuery, WebhookEndpointInput, WebhookEndpointUpdate } from '../../../../contracts/organisations-webhooks.js';
import type { Db, Tx } from '../../../db/database.js';
import type { WebhookDeliveriesTable, WebhookEndpointsTable, WebhookEventType } from '../../../db/schema-organisations.js';
import type { Selectable } from 'kysely';
import { audit } from '../../../platform/audit.js';
import { auditCtx, type Platform, type RequestContext } from '../../../platform/context.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { enqueue } from '../../../platform/jobs/queue.js';
import { requireOrganisationRole } from '../membership.js';
import { checkEndpointUrl } from './addresses.js';
import { JOB_KIND, ROTATION_OVERLAP_MS } from './rules.js';
import { webhookSecrets } from './secrets.js';

/** A new signing secret in the Standard Webhooks form: whsec_ and 32 random bytes in base64. */
export const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

type EndpointRow = Selectable<WebhookEndpointsTable>;

/** An endpoint as its organisation's admins see it: never its secret. */
export function endpointView(e: EndpointRow, now: Date) {
  return {
    id: e.id,
    organisationId: e.organisation_id,
    url: e.url,
    description: e.description,
    events: JSON.parse(e.events) as WebhookEventType[],
    enabled: e.status === 'enabled',
    disabledReason: e.disabled_reason,
    failingSince: e.failing_since,
    previousSecretUntil: e.previous_secret_until && e.previous_secret_until > now.toISOString() ? e.previous_secret_until : null,
    createdAt: e.created_at,
    updatedAt: e.updated_at,
  };
}

const ADMIN = ['admin'] as const;

/** Organisation admins manage their endpoints and read and re-send their deliveries. */
export function webhooksService(p: Platform) {
  const secrets = webhookSecrets(p);
  const db = p.database.db;

  async function endpointOf(q: Db | Tx, organisationId: string, endpointId: string): Promise<EndpointRow> {
    // Every lookup names the organisation, so another organisation's endpoint is simply not found.
    const e = await q.selectFrom('webhook_endpoints').selectAll().where('id', '=', endpointId).where('organisation_id', '=', organisationId).executeTakeFirst();
    if (!e) throw notFound('The webhook endpoint');
    return e;
  }

  /** Deliveries with their attempt logs, as the organisation's admins see them. */
  async function present(page: Selectable<WebhookDeliveriesTable>[]) {
    const attempts = page.length
      ? await db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', page.map((r) => r.id)).orderBy('attempted_at').orderBy('id').execute()
      : [];
    return page.map((d) => ({
      id: d.id,
      endpointId: d.endpoint_id,
      eventType: d.event_type,
      status: d.status,
      attempts: d.attempts,
      nextAttemptAt: d.status === 'pending' ? d.next_attempt_at : null,
      lastStatusCode: d.last_status_code,
      lastError: d.last_error,
      deliveredAt: d.delivered_at,
      createdAt: d.created_at,
      body: d.body,
      attemptLog: attempts
        .filter((a) => a.delivery_id === d.id)
        .map((a) => ({ id: a.id, attemptedAt: a.attempted_at, statusCode: a.status_code, latencyMs: a.latency_ms, error: a.error, byHand: a.by_hand === 1 })),
    }));
  }

  return {
    async list(ctx: RequestContext, organisationId: string) {
      await requireOrganisationRole(db, ctx, organisationId, ADMIN);
      const now = p.clock.now();
      const rows = await db.selectFrom('webhook_endpoints').selectAll().where('organisation_id', '=', organisationId).orderBy('created_at').orderBy('id').execute();
      return { endpoints: rows.map((e) => endpointView(e, now)) };
    },

    /** The secret is in this answer and in a rotation's answer only. */
    async create(ctx: RequestContext, organisationId: string, input: z.output<typeof WebhookEndpointInput>) {
      const { actor } = await requireOrganisationRole(db, ctx, organisationId, ADMIN);
      await checkEndpointUrl(input.url);
      const now = p.clock.now();
      const at = now.toISOString();
      const id = newId();
      const plain = newSecret();
      const row: EndpointRow = {
        id,
        organisation_id: organisationId,
        url: input.url,
        description: input.description,
        events: JSON.stringify(input.events),
        status: 'enabled',
        disabled_reason: null,
        secret: secrets.seal(id, plain),
        previous_secret: null,
        previous_secret_until: null,
        failing_since: null,
        created_by: actor.userId,
        created_at: at,
        updated_at: at,
      };
      await db.transaction().execute(async (tx) => {
        await tx.insertInto('webhook_endpoints').values(row).execute();
        await audit(tx, auditCtx(ctx), { action: 'webhook.endpoint_created', subjectType: 'webhook_endpoint', subjectId: row.id, details: { organisationId, url: row.url, events: input.events } }, now);
      });
      return { ...endpointView(row, now), secret: plain };
    },

    async update(ctx: RequestContext, organisationId: string, endpointId: string, input: z.output<typeof WebhookEndpointUpdate>) {
      await requireOrganisationRole(db, ctx, organisationId, ADMIN);
      const now = p.clock.now();
      const row = await db.transaction().execute(async (tx) => {
        const e = await endpointOf(tx, organisationId, endpointId);
        const changes: Partial<EndpointRow> = { updated_at: now.toISOString() };
        if (input.description !== undefined) changes.description = input.description;
        if (input.events !== undefined) changes.events = JSON.stringify(input.events);
        if (input.enabled === true && e.status !== 'enabled') Object.assign(changes, { status: 'enabled', disabled_reason: null, failing_since: null });
        if (input.enabled === false && e.status !== 'disabled') Object.assign(changes, { status: 'disabled', disabled_reason: 'Switched off by an administrator.' });
        await tx.updateTable('webhook_endpoints').set(changes).where('id', '=', e.id).execute();
        await audit(tx, auditCtx(ctx), { action: 'webhook.endpoint_updated', subjectType: 'webhook_endpoint', subjectId: e.id, details: { organisationId, ...input } }, now);
        return { ...e, ...changes } as EndpointRow;
      });
      return endpointView(row, now);
    },

    /** Removes the endpoint with its delivery log. */
    async remove(ctx: RequestContext, organisationId: string, endpointId: string) {
      await requireOrganisationRole(db, ctx, organisationId, ADMIN);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const e = await endpointOf(tx, organisationId, endpointId);
        const deliveries = tx.selectFrom('webhook_deliveries').select('id').where('endpoint_id', '=', e.id);
        await tx.deleteFrom('webhook_attempts').where('delivery_id', 'in', deliveries).execute();
        await tx.deleteFrom('webhook_deliveries').where('endpoint_id', '=', e.id).execute();
        await tx.deleteFrom('webhook_endpoints').where('id', '=', e.id).execute();
        await audit(tx, auditCtx(ctx), { action: 'webhook.endpoint_deleted', subjectType: 'webhook_endpoint', subjectId: e.id, details: { organisationId, url: e.url } }, now);
      });
      return { status: 'ok' as const };
    },

    /**
     * A new secret, shown once. The old one keeps signing beside it for 24 hours (the header then carries
     * two signatures, which the Standard Webhooks convention allows), so receivers can switch over.
     */
    async rotate(ctx: RequestContext, organisationId: string, endpointId: string) {
      await requireOrganisationRole(db, ctx, organisationId, ADMIN);
      const now = p.clock.now();
      return db.transaction().execute(async (tx) => {
        const e = await endpointOf(tx, organisationId, endpointId);
        const plain = newSecret();
        // The old secret stays sealed as it was, to the same endpoint.
        const changes = { secret: secrets.seal(e.id, plain), previous_secret: e.secret, previous_secret_until: new Date(now.getTime() + ROTATION_OVERLAP_MS).toISOString(), updated_at: now.toISOString() };
        await tx.updateTable('webhook_endpoints').set(changes).where('id', '=', e.id).execute();
        await audit(tx, auditCtx(ctx), { action: 'webhook.secret_rotated', subjectType: 'webhook_endpoint', subjectId: e.id, details: { organisationId, oldSecretUntil: changes.previous_secret_until } }, now);
        return { ...endpointView({ ...e, ...changes }, now), secret: plain };
      });
    },

    async deliveries(ctx: RequestContext, organisationId: string, q: z.output<typeof WebhookDeliveryQuery>) {
      await requireOrganisationRole(db, ctx, organisationId, ADMIN);
      let query = db.selectFrom('webhook_deliveries').selectAll().where('organisation_id', '=', organisationId).orderBy('id', 'desc').limit(q.limit + 1);
      if (q.endpointId) query = query.where('endpoint_id', '=', q.endpointId);
      if (q.status) query = query.where('status', '=', q.status);
      if (q.before) query = query.where('id', '<', q.before);
      const rows = await query.execute();
      const page = rows.slice(0, q.limit);
      return {
        deliveries: await present(page),
        next: rows.length > q.limit ? (page[page.length - 1]?.id ?? null) : null,
      };
    },

    /** One more attempt of the same delivery (same webhook-id and body), sent by the worker at once. */
    async redeliver(ctx: RequestContext, organisationId: string, deliveryId: string) {
      await requireOrganisationRole(db, ctx, organisationId, ADMIN);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const d = await tx.selectFrom('webhook_deliveries').selectAll().where('id', '=', deliveryId).where('organisation_id', '=', organisationId).executeTakeFirst();
        if (!d) throw notFound('The delivery');
        const e = await endpointOf(tx, organisationId, d.endpoint_id);
        if (e.status !== 'enabled') throw new DomainError('CONFLICT', 'The endpoint is switched off; switch it on before re-sending.', { endpointId: e.id });
        await tx.updateTable('webhook_deliveries').set({ status: 'pending', next_attempt_at: now.toISOString(), locked_until: null, by_hand: 1 }).where('id', '=', d.id).execute();
        await enqueue(tx, JOB_KIND, {}, now, { idempotencyKey: `${JOB_KIND}:hand:${newId()}`, maxAttempts: 3 });
        await audit(tx, auditCtx(ctx), { action: 'webhook.redelivered', subjectType: 'webhook_delivery', subjectId: d.id, details: { organisationId, endpointId: e.id, status: d.status } }, now);
      });
      p.nudgeJobs();
      const row = await db.selectFrom('webhook_deliveries').selectAll().where('id', '=', deliveryId).where('organisation_id', '=', organisationId).executeTakeFirstOrThrow();
      return (await present([row]))[0]!;
    },
  };
}

export type WebhooksService = ReturnType<typeof webhooksService>;
