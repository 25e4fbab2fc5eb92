import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { isLoopbackAddress } from '../loopback.js';

export const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/** The answer for a page while web/dist does not exist yet, and what to do about it. */
export const sendNotBuilt = (reply: FastifyReply) =>
  reply.status(503).type('text/plain').send('The web app is not built yet: run `npm run build` (npm start does this for you).');

/**
 * Serves the built single-page app. Hashed assets are cached for a year; index.html never is,
 * and any non-API GET that accepts HTML gets it so client-side routes work on reload. Files are sent
 * as the Brotli or gzip copies the build wrote beside them when the client accepts one (see
 * scripts/precompress.mjs), with Vary: Accept-Encoding; a file without copies is sent as it is.
 */
export async function registerWeb(app: FastifyInstance, root = webDist): Promise<void> {
  const index = path.join(root, 'index.html');
  const hasBuild = fs.existsSync(index);
  if (hasBuild) {
    await app.register(fastifyStatic, {
      root,
      // Looked up per request, so a rebuilt web/dist is served without a restart.
      wildcard: true,
      // '/' is a directory: without an index file it would be answered 403.
      index: 'index.html',
      preCompressed: true,
      setHeaders: (res, file) => {
        res.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  // The router refuses an over-long path parameter with FST_ERR_MAX_PARAM_LENGTH (414), but the static
  // files' wildcard takes such a path first once the app is built: the same answer here, whether or not.
  const maxSegment = app.initialConfig.maxParamLength ?? 100;
  app.setNotFoundHandler((request, reply) => {
    if (request.url.split('?')[0]!.split('/').some((segment) => segment.length > maxSegment)) {
      return reply.status(414).send({ error: { code: 'URI_TOO_LONG', message: 'A part of the address is too long; check the link.', details: {} } });
    }
    const isApi = request.url.startsWith('/api') || request.url.startsWith('/vc-api');
    // The mailbox page, like its API, is for browsers on this machine only.
    const isMailbox = request.url === '/dev/mailbox' || request.url.startsWith('/dev/mailbox/') || request.url.startsWith('/dev/mailbox?');
    if (!isApi && !(isMailbox && !isLoopbackAddress(request.ip)) && request.method === 'GET' && (request.headers.accept ?? '').includes('text/html')) {
      if (!hasBuild) {
        return sendNotBuilt(reply);
      }
      // sendFile goes through the same lookup, so this too is sent compressed when it can be.
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    const url = request.url.split('?')[0] as string;
    if (isApi) {
      // The address exists with other methods: 405 with Allow (the static files' wildcard does not count).
      const allow = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((method) => {
        const found = method !== request.method && app.findRoute({ method: method as 'GET', url });
        return found && !('*' in (found.params ?? {}));
      });
      if (allow.length) {
        return reply
          .status(405)
          .header('allow', allow.join(', '))
          .send({ error: { code: 'METHOD_NOT_ALLOWED', message: `${request.method} is not allowed here; use ${allow.join(' or ')}.`, details: { allow } } });
      }
    }
    return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${url}.`, details: {} } });
  });
}
