import { z } from 'zod';

/* The audit log's signed daily heads: getLatestAuditHead, getAuditHead. Public; anyone may keep them. */

export const AuditHead = z.object({
  day: z.string().describe('The UTC day the head was signed (YYYY-MM-DD)'),
  sequence: z.number().int().describe('How many entries the audit log held'),
  hash: z.string().describe('SHA-256 (hex) of the newest entry, which covers every entry before it'),
  at: z.string().describe('When the head was read and signed'),
  kid: z.string().describe('The issuer key that signed it (a DID URL; see /.well-known/did.json)'),
  jws: z.string().describe('Compact JWS (EdDSA, typ guildhall-audit-head+jws) over {sequence, hash, at}: keep this to check the log later'),
});
export type AuditHead = z.infer<typeof AuditHead>;

export const AuditHeadParams = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'day must be a date written YYYY-MM-DD, e.g. 2026-12-07'),
});
