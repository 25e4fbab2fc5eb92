import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Encoding, negotiateEncoding, varyOnAcceptEncoding } from './compress.js';

/**
 * An answer kept ready in each encoding a browser may ask for, with a strong ETag per encoding
 * (RFC 9110 §8.8.3: the bytes differ, so must the tags). Made once when a cache is filled, so a
 * request only picks bytes and compares a tag.
 */
export type Precompressed = { bodies: Record<Encoding, Buffer>; etags: Record<Encoding, string> };

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Made once per cached answer, so the smallest is worth its time: Brotli at quality 11 and gzip at 9, in
 * zlib's thread pool (~50–100 ms of Brotli for 35 KB of JSON would otherwise stall every request).
 */
const brotliOptions = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT } };

export async function precompress(body: Buffer): Promise<Precompressed> {
  const [br, gz] = await Promise.all([brotli(body, brotliOptions), gzip(body, { level: 9 })]);
  const tag = createHash('sha256').update(body).digest('base64url').slice(0, 27);
  return { bodies: { identity: body, br, gzip: gz }, etags: { identity: `"${tag}"`, br: `"${tag}-br"`, gzip: `"${tag}-gz"` } };
}

/**
 * Whether If-None-Match names the tag (RFC 9110 §13.1.2: weak comparison, so W/"x" matches "x"; `*`
 * matches any current answer).
 */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/**
 * Sends a precompressed answer as the client accepts it, with Vary: Accept-Encoding and the encoding's
 * ETag; 304 without a body when the client already holds those bytes. The caller sets the content type
 * and caching headers; nothing after this compresses it again (API answers are never compressed on the way out).
 */
export function sendPrecompressed(request: FastifyRequest, reply: FastifyReply, answer: Precompressed): FastifyReply {
  const encoding = negotiateEncoding(request.headers['accept-encoding']);
  varyOnAcceptEncoding(reply);
  reply.header('etag', answer.etags[encoding]);
  if (noneMatch(request.headers['if-none-match'], answer.etags[encoding])) return reply.code(304).send();
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return reply.send(answer.bodies[encoding]);
}
