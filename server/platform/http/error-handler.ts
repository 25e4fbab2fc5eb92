import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from '../../db/availability.js';
import { DomainError, errorStatus } from '../errors.js';

type Issue = { path: string; message: string };

/** Names the fields of a zod validation failure in plain words, e.g. `Unknown field "foo" in body`. */
function describe(err: FastifyError & { validation: unknown[]; validationContext?: string }): { message: string; issues: Issue[] } {
  const where = err.validationContext ?? 'body';
  const issues: Issue[] = [];
  for (const v of err.validation as Array<{ keyword?: string; instancePath?: string; message?: string; params?: { keys?: string[] } }>) {
    const base = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    if (v.keyword === 'unrecognized_keys' && v.params?.keys) {
      for (const k of v.params.keys) issues.push({ path: [where, base, k].filter(Boolean).join('.'), message: `Unknown field "${k}"; remove it` });
    } else {
      issues.push({ path: [where, base].filter(Boolean).join('.'), message: v.message ?? 'Invalid value' });
    }
  }
  const first = issues[0];
  return { message: first ? `${first.path}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}` : 'The request is invalid.', issues };
}

/** One JSON error shape for everything: domain codes, validation, limits, and unexpected failures. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    const send = (status: number, code: string, message: string, details: Record<string, unknown> = {}) =>
      reply.status(status).send({ error: { code, message, details } });

    if (err instanceof DomainError) return send(errorStatus[err.code], err.code, err.message, err.details);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const d = describe(err as never);
      return send(400, 'VALIDATION_FAILED', d.message, { issues: d.issues });
    }
    switch (err.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.', { limitBytes: request.routeOptions.bodyLimit });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the body as application/json, not ${request.headers['content-type'] ?? 'no content type'}.`);
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(400, 'VALIDATION_FAILED', 'The body is empty; send a JSON object.');
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return send(400, 'INVALID_JSON', `The body is not valid JSON: ${err.message}`);
      case 'FST_ERR_RATE_LIMIT_EXCEEDED':
        return send(429, 'RATE_LIMITED', err.message);
    }
    if (err.statusCode === 429) return send(429, 'RATE_LIMITED', err.message);
    if (isDatabaseUnavailable(err)) {
      // The database is away (an outage, a restart, a failover): the client may try again shortly.
      request.log.warn({ err: err.message }, 'database unavailable');
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return send(503, 'DATABASE_UNAVAILABLE', `The service cannot reach its database just now. Try again in ${RETRY_AFTER_SECONDS} seconds.`, {
        retryAfterSeconds: RETRY_AFTER_SECONDS,
      });
    }
    if (err instanceof SyntaxError || (err.statusCode === 400 && /JSON/i.test(err.message))) {
      return send(400, 'INVALID_JSON', `The body is not valid JSON: ${err.message}`);
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return send(err.statusCode, err.code ?? 'BAD_REQUEST', err.message);
    }
    request.log.error({ err }, 'unhandled error');
    return send(500, 'INTERNAL', `Something went wrong on our side. Quote request id ${request.id} if you report it.`, { requestId: request.id });
  });
}
