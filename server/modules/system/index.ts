import { sql } from 'kysely';
import { z } from 'zod';
import type { Platform } from '../../platform/context.js';
import { RETRY_AFTER_SECONDS } from '../../db/availability.js';
import { type ZodApp, publicAccess } from '../../platform/http/zod-app.js';

/** Health for load balancers: answers ok only when the database answers. */
export function registerSystem(app: ZodApp, p: Platform) {
  const sqlite = p.database.sqlite;
  const ping = sqlite ? sqlite.prepare('SELECT 1') : null;
  app.get('/api/health', {
    config: { rateLimit: false },
    schema: {
      operationId: 'getHealth', ...publicAccess,
      tags: ['system'],
      summary: 'Liveness and database check',
      response: { 200: z.object({ status: z.literal('ok') }), 503: z.object({ status: z.literal('unavailable'), reason: z.string() }) },
    },
  }, async (_req, reply) => {
    try {
      if (ping) ping.get();
      else await sql`SELECT 1`.execute(p.database.db);
      return { status: 'ok' as const };
    } catch (err) {
      p.logger.error({ err }, 'health check failed');
      return reply.status(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send({ status: 'unavailable' as const, reason: 'database unreachable' });
    }
  });
}
