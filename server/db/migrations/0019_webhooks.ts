import type { Kysely } from 'kysely';

/*
 * Organisations' webhook endpoints and their deliveries. Owned by organisations/webhooks.
 * A delivery row is one event for one endpoint: its id is the `webhook-id` every attempt repeats, its
 * body is fixed when it is queued, and each attempt (scheduled or by hand) is a row of webhook_attempts.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull()) // JSON array of event types
    .addColumn('status', 'text', (c) => c.notNull()) // enabled | disabled
    .addColumn('disabled_reason', 'text')
    .addColumn('secret', 'text', (c) => c.notNull()) // whsec_...
    .addColumn('previous_secret', 'text') // still signed with until previous_secret_until (rotation)
    .addColumn('previous_secret_until', 'text')
    .addColumn('failing_since', 'text') // first failed attempt since the last success
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_endpoints_org_idx').on('webhook_endpoints').columns(['organisation_id', 'status']).execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey()) // msg_...: the webhook-id header
    .addColumn('endpoint_id', 'text', (c) => c.notNull().references('webhook_endpoints.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text') // whose consent the delivery rests on (credential events)
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | delivered | failed | dropped
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('retry_until', 'text', (c) => c.notNull()) // automatic retries stop after this
    .addColumn('locked_until', 'text') // claimed by a sender until then
    .addColumn('by_hand', 'integer', (c) => c.notNull()) // 1 while a re-send asked for by hand waits
    .addColumn('last_status_code', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_deliveries_due_idx').on('webhook_deliveries').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('webhook_deliveries_endpoint_idx').on('webhook_deliveries').columns(['endpoint_id', 'created_at']).execute();

  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('webhook_deliveries.id'))
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('by_hand', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webhook_attempts_delivery_idx').on('webhook_attempts').columns(['delivery_id', 'attempted_at']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Migrations are forward-only');
}
