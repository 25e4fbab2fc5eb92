import fastifyMultipart, { type FastifyMultipartOptions } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { controlCharacterProblem } from '../../../contracts/common.js';
import { DomainError } from '../errors.js';
import { type Issue, validationFailed } from './input-guard.js';

export type UploadedFile = { bytes: Buffer; filename: string; mimetype: string };
export type MultipartForm = { file: UploadedFile | null; fields: Record<string, string[]> };

/** Longest text field of a form (the file has its own limit); set on the plugin in app.ts. */
export const MULTIPART_FIELD_BYTES = 64 * 1024;

/**
 * Registers @fastify/multipart without its two per-request hooks: an onRequest hook that listens for every
 * response's close and an onResponse hook, both there only to delete the temporary files of the plugin's
 * disk mode (saveRequestFiles). readMultipart reads parts as streams and never saves files, yet every
 * request, uploads or not, paid for both hooks. Code that starts using the disk mode must register the
 * plugin plainly instead.
 */
export async function registerMultipart(app: FastifyInstance, opts: FastifyMultipartOptions): Promise<void> {
  const addHook = app.addHook;
  const cleansTempFiles = (name: string, fn: unknown) => (name === 'onRequest' || name === 'onResponse') && String(fn).includes('cleanRequestFiles');
  app.addHook = function (this: FastifyInstance, name: string, fn: unknown) {
    return cleansTempFiles(name, fn) ? this : addHook.call(this, name as never, fn as never);
  } as typeof app.addHook;
  try {
    await app.register(fastifyMultipart, opts);
  } finally {
    app.addHook = addHook;
  }
}

/** The parser's complaints about a body that is not well-formed multipart (no boundary, a part never ended). */
const malformed = /^Multipart: |multipart data|Malformed|Unsupported Content-Type|needle/i;

/**
 * Reads a multipart/form-data body holding at most one file, in the part `fileField` (default "file"),
 * and any text fields. Every way a body can be wrong is a 4xx in the error shape: a second file or a
 * file in another part (400), a file or field over its limit (413), a malformed body (400), a control
 * character in a text field (400, named by field). `checkFile` may refuse the file from its part
 * header before it is read (a wrong type, 415).
 */
export async function readMultipart(
  req: FastifyRequest,
  opts: { maxFileBytes: number; tooLarge: string; fileField?: string; checkFile?: (part: { filename: string; mimetype: string }) => DomainError | null },
): Promise<MultipartForm> {
  const fileField = opts.fileField ?? 'file';
  const fields: Record<string, string[]> = {};
  let file: UploadedFile | null = null;
  const issues: Issue[] = [];
  try {
    // files: 2 so that a second file reaches us and is named, rather than ending as the plugin's 413.
    for await (const part of req.parts({ limits: { fileSize: opts.maxFileBytes, files: 2 } })) {
      if (typeof part.fieldname !== 'string' || !part.fieldname) {
        throw validationFailed([{ path: 'body', message: 'Give every part of the form a name (Content-Disposition: form-data; name="…")' }]);
      }
      if (part.type === 'file') {
        if (part.fieldname !== fileField) throw validationFailed([{ path: `body.${part.fieldname}`, message: `Send the file in the part named "${fileField}"` }]);
        if (file) throw validationFailed([{ path: `body.${fileField}`, message: 'Send one file only' }]);
        const badName = controlCharacterProblem(part.filename ?? '', false);
        if (badName) throw validationFailed([{ path: `body.${fileField}`, message: `the file name has a control character; ${badName}` }]);
        const refused = opts.checkFile?.({ filename: part.filename ?? '', mimetype: part.mimetype });
        if (refused) throw refused;
        file = { bytes: await part.toBuffer(), filename: part.filename ?? '', mimetype: part.mimetype };
        continue;
      }
      if (part.fieldnameTruncated || part.valueTruncated) {
        throw new DomainError('PAYLOAD_TOO_LARGE', `The field "${part.fieldname.slice(0, 40)}" is longer than ${MULTIPART_FIELD_BYTES / 1024} KB.`, { field: part.fieldname.slice(0, 100), limit: MULTIPART_FIELD_BYTES });
      }
      const value = String(part.value);
      const problem = controlCharacterProblem(part.fieldname, false) ?? controlCharacterProblem(value, false);
      if (problem) issues.push({ path: `body.${part.fieldname}`, message: problem });
      fields[part.fieldname] = [...(fields[part.fieldname] ?? []), value];
    }
  } catch (err) {
    if (err instanceof DomainError) throw err;
    const e = err as { code?: string; message?: string };
    if (e.code === 'FST_REQ_FILE_TOO_LARGE') throw new DomainError('PAYLOAD_TOO_LARGE', opts.tooLarge, { field: fileField, limit: opts.maxFileBytes });
    if (!e.code && malformed.test(e.message ?? '')) throw malformedMultipart(e.message ?? '');
    throw err;
  }
  if (issues.length) throw validationFailed(issues);
  return { file, fields };
}

/** 400 for a body the multipart parser cannot read. */
export const malformedMultipart = (why: string): DomainError =>
  new DomainError('VALIDATION_FAILED', `The multipart/form-data body is malformed (${why.replace(/\.$/, '')}); send the form again with a boundary and every part complete.`, {
    issues: [{ path: 'body', message: 'Send well-formed multipart/form-data' }],
  });
