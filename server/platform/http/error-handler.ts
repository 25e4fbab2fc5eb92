import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
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
      // @fastify/static refuses a path it cannot look up (a name too long for the file system, a NUL).
      case 'FST_STATIC_FORBIDDEN_PATH':
        return send(404, 'NOT_FOUND', 'Nothing is published at this address; check the link.');
      // @fastify/multipart
      case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
        return send(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the form as multipart/form-data.');
      case 'FST_FILES_LIMIT':
        return send(413, 'PAYLOAD_TOO_LARGE', 'Send one file only.');
      case 'FST_PARTS_LIMIT':
      case 'FST_FIELDS_LIMIT':
        return send(413, 'PAYLOAD_TOO_LARGE', 'The form has too many fields; send only the fields this operation takes.');
      case 'FST_REQ_FILE_TOO_LARGE':
        return send(413, 'PAYLOAD_TOO_LARGE', 'The file is too large.');
      case 'FST_PROTO_VIOLATION':
      case 'FST_INVALID_JSON_FIELD_ERROR':
      case 'FST_MP_PREMATURE_CLOSE':
        return send(400, 'VALIDATION_FAILED', `The multipart/form-data body cannot be read: ${err.message}.`);
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

const shaped = (code: string, message: string) => JSON.stringify({ error: { code, message, details: {} } });

/**
 * Errors Fastify raises before a request reaches a route (Fastify's `frameworkErrors` option): a path
 * with bad percent-encoding, a path parameter over the router's length limit.
 */
export function frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    reply.status(414).send({ error: { code: 'URI_TOO_LONG', message: 'A part of the address is too long; check the link.', details: {} } });
    return;
  }
  if (err.code === 'FST_ERR_BAD_URL') {
    reply.status(400).send({ error: { code: 'BAD_URL', message: 'The address has a broken %-escape; check the link.', details: {} } });
    return;
  }
  reply.status(err.statusCode && err.statusCode >= 400 ? err.statusCode : 500).send({ error: { code: err.code ?? 'INTERNAL', message: err.message, details: {} } });
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (an unknown method, a malformed request
 * line, headers over the limit): answered on the socket in the same error shape, then closed.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, body] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', shaped('REQUEST_TIMEOUT', 'The request took too long to arrive; send it again.')]
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', shaped('HEADERS_TOO_LARGE', 'The address or the headers of the request are too large.')]
        : [400, 'Bad Request', shaped('BAD_REQUEST', err.code === 'HPE_INVALID_METHOD' ? 'The request method is not one this server knows.' : 'The request is not well-formed HTTP.')];
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\n\r\n${body}`);
  }
  socket.destroy(err);
}
