import { z } from 'zod';

/*
 * Editing a scheme in the browser: getSchemeVersion (a version's file as stored), checkSchemeDraft (the
 * upload's validation without saving, for checking as one types) and saveSchemeDraft (create or update a
 * draft, compare-and-set on its revision).
 */

/** getSchemeVersion: ?download=true answers the file as an attachment named after the scheme and version. */
export const GetSchemeVersionQuery = z.strictObject({
  download: z.enum(['true', 'false'], { error: 'download is true or false' }).optional(),
});

/** The content of a version exactly as stored (a Scheme, see schemes/scheme.schema.json). */
export const SchemeVersionFile = z.record(z.string(), z.unknown()).describe('a Scheme, see schemes/scheme.schema.json; its SHA-256 is the version’s sha256 and ETag');

export const SchemeProblem = z.object({ path: z.string().describe('e.g. levels[1].requirements.minTotal'), message: z.string() });
export type SchemeProblem = z.infer<typeof SchemeProblem>;

export const CheckSchemeDraftBody = z.strictObject({
  content: z.record(z.string(), z.unknown()).describe('a Scheme, see schemes/scheme.schema.json'),
});
export const SchemeDraftCheck = z.object({
  ok: z.boolean(),
  problems: z.array(SchemeProblem).describe('empty when the content could be saved as a draft'),
});
export type SchemeDraftCheck = z.infer<typeof SchemeDraftCheck>;

export const SaveSchemeDraftBody = z.strictObject({
  versionId: z.string().min(1).max(100).optional().describe('the draft to update; leave out to start a new draft'),
  revision: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('the draft’s sha256 as you loaded it; required with versionId. A draft changed since answers 409 CONFLICT'),
  content: z.record(z.string(), z.unknown()).describe('a Scheme, see schemes/scheme.schema.json'),
});
export type SaveSchemeDraftBody = z.infer<typeof SaveSchemeDraftBody>;
