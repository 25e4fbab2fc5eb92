import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import type { Tx } from '../../../db/database.js';
import type { WebhookDeliveriesTable } from '../../../db/schema-organisations.js';
import { audit, systemActor } from '../../../platform/audit.js';
import type { Platform } from '../../../platform/context.js';
import { newId } from '../../../platform/ids.js';
import type { JobHandler } from '../../../platform/jobs/worker.js';
import { queueMail } from '../../../platform/mail/outbox.js';
import { privateAddressReason } from '../../credentials/verifying/remote-resolver.js';
import { publicOnlyLookup, webhookNetwork } from './addresses.js';
import { CLAIM_LEASE_MS, failedTooLong, nextAttemptAt, SEND_TIMEOUT_MS } from './rules.js';
import { webhookSecrets } from './secrets.js';

/*
 * Sends due deliveries: claims a batch (a lease on each row, SKIP LOCKED on PostgreSQL), checks the
 * endpoint and the member's consent again, POSTs them concurrently over keep-alive connections, then
 * records every attempt and the delivery's new state in one transaction. A crash between the POST and
 * that transaction leaves the row pending; when its lease lapses it is sent again under the same
 * webhook-id, so delivery is at least once and receivers deduplicate by webhook-id.
 */

/** A delivery row as the sender claims it. */
type Claimed = Pick<WebhookDeliveriesTable, 'id' | 'endpoint_id' | 'organisation_id' | 'event_type' | 'member_id' | 'body' | 'attempts' | 'retry_until' | 'by_hand'>;

type Outcome = { statusCode: number | null; latencyMs: number; error: string | null };

export type SenderOptions = {
  batchSize?: number;
  concurrency?: number;
  timeoutMs?: number;
  random?: () => number;
  lookup?: typeof dnsLookup;
};

export type SendSummary = { claimed: number; delivered: number; failed: number; dropped: number };

/** The webhook-signature header: one v1 signature per secret in use (two while a rotated secret overlaps). */
export function signatureHeader(secrets: string[], id: string, at: Date, body: string, cache?: Map<string, Webhook>): string {
  return secrets
    .map((s) => {
      let w = cache?.get(s);
      if (!w) {
        w = new Webhook(s);
        if (cache && cache.size < 10_000) cache.set(s, w);
      }
      return w.sign(id, at, body);
    })
    .join(' ');
}

const chunks = <T>(list: T[], size: number): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, i * size + size));

export function webhookSender(p: Platform, opts: SenderOptions = {}) {
  const secrets = webhookSecrets(p);
  const db = p.database.db;
  const batchSize = opts.batchSize ?? 500;
  const concurrency = opts.concurrency ?? 64;
  const timeoutMs = opts.timeoutMs ?? SEND_TIMEOUT_MS;
  const random = opts.random ?? Math.random;
  const lookup = publicOnlyLookup(opts.lookup ?? dnsLookup);
  const agents = { http: new http.Agent({ keepAlive: true, maxSockets: concurrency }), https: new https.Agent({ keepAlive: true, maxSockets: concurrency }) };
  const signers = new Map<string, Webhook>();

  function post(url: string, headers: Record<string, string>, body: string): Promise<Outcome> {
    const started = performance.now();
    return new Promise((resolve) => {
      const done = (statusCode: number | null, error: string | null) => resolve({ statusCode, error, latencyMs: Math.round(performance.now() - started) });
      const insecure = webhookNetwork.allowLocalForTests;
      const target = new URL(url);
      if (target.protocol !== 'https:' && !(insecure && target.protocol === 'http:')) return done(null, 'only https endpoints are called');
      const host = target.hostname.replace(/^\[|\]$/g, '');
      const why = !insecure && isIP(host) ? privateAddressReason(host) : null;
      if (why) return done(null, `${host} is ${why}`);
      const client = target.protocol === 'https:' ? https : http;
      const req = client.request(
        target,
        {
          method: 'POST',
          agent: target.protocol === 'https:' ? agents.https : agents.http,
          headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Guildhall webhooks' },
          timeout: timeoutMs,
          ...(insecure ? {} : { lookup: lookup as never }),
        },
        (res) => {
          res.resume();
          res.on('end', () => done(res.statusCode ?? null, null));
          res.on('error', (e) => done(res.statusCode ?? null, e.message));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (e) => done(null, e.message));
      req.end(body);
    });
  }

  async function claim(now: Date): Promise<Claimed[]> {
    const at = now.toISOString();
    const until = new Date(now.getTime() + CLAIM_LEASE_MS).toISOString();
    const lock = p.database.dialect === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
    const r = await sql<Claimed>`
      UPDATE webhook_deliveries SET locked_until = ${until}
      WHERE id IN (
        SELECT id FROM webhook_deliveries
        WHERE status = 'pending' AND next_attempt_at <= ${at} AND (locked_until IS NULL OR locked_until < ${at})
        ORDER BY next_attempt_at LIMIT ${batchSize} ${lock}
      )
      RETURNING id, endpoint_id, organisation_id, event_type, member_id, body, attempts, retry_until, by_hand`.execute(db);
    return r.rows;
  }

  /** Organisation and member pairs among the claimed credential events whose consent still stands. */
  async function consented(rows: Claimed[]): Promise<Set<string>> {
    const members = [...new Set(rows.filter((r) => r.event_type.startsWith('credential.') && r.member_id).map((r) => r.member_id as string))];
    const ok = new Set<string>();
    for (const part of chunks(members, 500)) {
      const grants = await db
        .selectFrom('consent_grants')
        .select(['organisation_id', 'member_id'])
        .where('member_id', 'in', part)
        .where('scope', '=', 'credentials')
        .where('revoked_at', 'is', null)
        .execute();
      for (const g of grants) ok.add(`${g.organisation_id} ${g.member_id}`);
    }
    return ok;
  }

  async function switchOff(tx: Tx, endpointIds: string[], gaveUp: Set<string>, now: Date): Promise<void> {
    if (endpointIds.length === 0) return;
    const candidates = await tx
      .selectFrom('webhook_endpoints as e')
      .innerJoin('organisations as o', 'o.id', 'e.organisation_id')
      .select(['e.id', 'e.organisation_id', 'e.url', 'e.failing_since', 'o.name as organisation'])
      .where('e.id', 'in', endpointIds)
      .where('e.status', '=', 'enabled')
      .execute();
    for (const e of candidates.filter((c) => failedTooLong(c.failing_since, now, gaveUp.has(c.id)))) {
      const last = await tx.selectFrom('webhook_deliveries').select('last_error').where('endpoint_id', '=', e.id).where('last_error', 'is not', null).orderBy('next_attempt_at', 'desc').executeTakeFirst();
      const reason = `Deliveries failed for three days (since ${e.failing_since}).`;
      await tx.updateTable('webhook_endpoints').set({ status: 'disabled', disabled_reason: reason, updated_at: now.toISOString() }).where('id', '=', e.id).execute();
      await audit(tx, systemActor, { action: 'webhook.endpoint_switched_off', subjectType: 'webhook_endpoint', subjectId: e.id, details: { organisationId: e.organisation_id, url: e.url, failingSince: e.failing_since } }, now);
      const admins = await tx
        .selectFrom('organisation_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.email', 'u.name'])
        .where('m.organisation_id', '=', e.organisation_id)
        .where('m.role', '=', 'admin')
        .where('u.status', '=', 'active')
        .execute();
      for (const a of admins) {
        await queueMail(
          tx,
          a.email,
          'webhook_endpoint_disabled',
          { name: a.name, organisation: e.organisation, url: e.url, since: e.failing_since ?? '', lastError: last?.last_error ?? 'none recorded', link: `${p.config.publicUrl}/organisations/${e.organisation_id}/webhooks` },
          now,
        );
      }
    }
  }

  /** Sends one claimed batch and records the outcome; answers the counts. */
  async function sendBatch(rows: Claimed[]): Promise<SendSummary> {
    const endpointIds = [...new Set(rows.map((r) => r.endpoint_id))];
    const stored = await db.selectFrom('webhook_endpoints').select(['id', 'url', 'status', 'secret', 'previous_secret', 'previous_secret_until']).where('id', 'in', endpointIds).execute();
    // Opened once a batch, only to sign.
    const endpoints = new Map(stored.map((e) => [e.id, { ...e, secret: secrets.open(e.id, e.secret), previous_secret: e.previous_secret && secrets.open(e.id, e.previous_secret) }]));
    const consent = await consented(rows);
    const outcomes = new Map<string, Outcome>();
    const dropped = new Map<string, string>();
    const toSend: Claimed[] = [];
    for (const r of rows) {
      const e = endpoints.get(r.endpoint_id);
      if (!e || e.status !== 'enabled') dropped.set(r.id, 'The endpoint was switched off before this delivery was sent.');
      else if (r.event_type.startsWith('credential.') && !consent.has(`${r.organisation_id} ${r.member_id}`)) dropped.set(r.id, 'The member withdrew consent before this delivery was sent.');
      else toSend.push(r);
    }
    let next = 0;
    const lane = async () => {
      while (next < toSend.length) {
        const r = toSend[next++] as Claimed;
        const e = endpoints.get(r.endpoint_id)!;
        const at = p.clock.now();
        const secrets = [e.secret, ...(e.previous_secret && e.previous_secret_until && e.previous_secret_until > at.toISOString() ? [e.previous_secret] : [])];
        const headers = { 'webhook-id': r.id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': signatureHeader(secrets, r.id, at, r.body, signers) };
        outcomes.set(r.id, await post(e.url, headers, r.body));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, toSend.length) }, lane));
    return record(rows, outcomes, dropped, p.clock.now());
  }

  /** Every attempt and the deliveries' new states, in one transaction (a delivered row never without its attempt). */
  async function record(rows: Claimed[], outcomes: Map<string, Outcome>, dropped: Map<string, string>, now: Date): Promise<SendSummary> {
    const at = now.toISOString();
    const summary: SendSummary = { claimed: rows.length, delivered: 0, failed: 0, dropped: dropped.size };
    await db.transaction().execute(async (tx) => {
      const attemptRows = rows.filter((r) => outcomes.has(r.id)).map((r) => {
        const o = outcomes.get(r.id)!;
        return { id: newId(), delivery_id: r.id, attempted_at: at, status_code: o.statusCode, latency_ms: o.latencyMs, error: o.error, by_hand: r.by_hand };
      });
      for (const part of chunks(attemptRows, 200)) await tx.insertInto('webhook_attempts').values(part).execute();

      const okByCode = new Map<number, string[]>();
      const succeeded = new Set<string>();
      const failing = new Set<string>();
      const gaveUp = new Set<string>();
      for (const r of rows) {
        const o = outcomes.get(r.id);
        if (!o) continue;
        if (o.statusCode !== null && o.statusCode >= 200 && o.statusCode < 300) {
          okByCode.set(o.statusCode, [...(okByCode.get(o.statusCode) ?? []), r.id]);
          succeeded.add(r.endpoint_id);
          summary.delivered++;
          continue;
        }
        failing.add(r.endpoint_id);
        const error = o.error ?? `the endpoint answered ${o.statusCode}`;
        const retry = r.by_hand ? null : nextAttemptAt(r.attempts + 1, now, new Date(r.retry_until), random);
        if (!retry) {
          summary.failed++;
          if (!r.by_hand) gaveUp.add(r.endpoint_id);
        }
        await tx
          .updateTable('webhook_deliveries')
          .set({
            status: retry ? 'pending' : 'failed',
            attempts: sql`attempts + 1`,
            next_attempt_at: (retry ?? now).toISOString(),
            locked_until: null,
            by_hand: 0,
            last_status_code: o.statusCode,
            last_error: error.slice(0, 500),
          })
          .where('id', '=', r.id)
          .execute();
      }
      for (const [code, ids] of okByCode) {
        for (const part of chunks(ids, 500)) {
          await tx
            .updateTable('webhook_deliveries')
            .set({ status: 'delivered', attempts: sql`attempts + 1`, delivered_at: at, locked_until: null, by_hand: 0, last_status_code: code, last_error: null })
            .where('id', 'in', part)
            .execute();
        }
      }
      for (const part of chunks([...dropped.keys()], 500)) {
        for (const id of part) await tx.updateTable('webhook_deliveries').set({ status: 'dropped', locked_until: null, by_hand: 0, last_error: dropped.get(id) ?? null }).where('id', '=', id).execute();
      }
      if (succeeded.size) await tx.updateTable('webhook_endpoints').set({ failing_since: null }).where('id', 'in', [...succeeded]).execute();
      const stillFailing = [...failing].filter((id) => !succeeded.has(id));
      if (stillFailing.length) {
        await tx.updateTable('webhook_endpoints').set({ failing_since: at }).where('id', 'in', stillFailing).where('failing_since', 'is', null).execute();
        await switchOff(tx, stillFailing, gaveUp, now);
      }
    });
    return summary;
  }

  /** Sends every due delivery, batch after batch, until none is due (or the job's lease is lost). */
  async function deliverDue(signal?: AbortSignal): Promise<SendSummary> {
    const total: SendSummary = { claimed: 0, delivered: 0, failed: 0, dropped: 0 };
    while (!signal?.aborted) {
      const rows = await claim(p.clock.now());
      if (rows.length === 0) break;
      const s = await sendBatch(rows);
      total.claimed += s.claimed;
      total.delivered += s.delivered;
      total.failed += s.failed;
      total.dropped += s.dropped;
    }
    return total;
  }

  const handler: JobHandler = async (ctx) => {
    await deliverDue(ctx.signal);
  };

  return {
    deliverDue,
    handler,
    close: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

export type WebhookSender = ReturnType<typeof webhookSender>;
