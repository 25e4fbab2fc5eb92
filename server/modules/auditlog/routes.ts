import { AuditHead, AuditHeadParams } from '../../../contracts/audit-chain.js';
import type { Db } from '../../db/database.js';
import type { AuditHeadsTable } from '../../db/schema.js';
import { DomainError } from '../../platform/errors.js';
import { type ZodApp, errorResponses, publicAccess } from '../../platform/http/zod-app.js';

const tags = ['audit'];

const headOf = (r: AuditHeadsTable): AuditHead => {
  const header = JSON.parse(Buffer.from(r.jws.split('.')[0] ?? '', 'base64url').toString('utf8')) as { kid: string };
  return { day: r.day, sequence: Number(r.seq), hash: r.hash, at: r.at, kid: header.kid, jws: r.jws };
};

export function auditHeadRoutes(app: ZodApp, db: Db): void {
  app.get('/audit/heads/latest', {
    schema: {
      operationId: 'getLatestAuditHead',
      tags,
      summary: 'The audit log’s newest signed head',
      description: 'Signed once a day with the issuer’s key. Keep it: `guildhall audit verify --head FILE` later shows whether the log still holds that entry unchanged.',
      ...publicAccess,
      response: { 200: AuditHead, ...errorResponses },
    },
  }, async (_req, reply) => {
    const row = await db.selectFrom('audit_heads').selectAll().orderBy('day', 'desc').limit(1).executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', 'No head has been signed yet; the first is signed within a day of the site starting.');
    return reply.header('cache-control', 'public, max-age=300').send(headOf(row));
  });

  app.get('/audit/heads/:day', {
    schema: {
      operationId: 'getAuditHead',
      tags,
      summary: 'The audit log’s signed head of one day',
      ...publicAccess,
      params: AuditHeadParams,
      response: { 200: AuditHead, ...errorResponses },
    },
  }, async (req, reply) => {
    const row = await db.selectFrom('audit_heads').selectAll().where('day', '=', req.params.day).executeTakeFirst();
    if (!row) throw new DomainError('NOT_FOUND', `No head was signed on ${req.params.day}.`);
    return reply.header('cache-control', 'public, max-age=86400').send(headOf(row));
  });
}
