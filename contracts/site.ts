import { z } from 'zod';

/** exportSchemeFramework query: html (a page for people) or json (the CASE package); by default the Accept header decides. */
export const ExportSchemeFrameworkQuery = z.strictObject({ format: z.enum(['json', 'html']).optional() });

/** listAuditLog query: filters combine; paging goes back from `before` (an entry id). */
export const AuditLogQuery = z.strictObject({
  action: z.string().max(100).optional().describe('An action such as credential.status_changed; ending in "." it matches every action of that family (credential.)'),
  actorId: z.string().max(64).optional().describe('Only what this person did'),
  actor: z.string().trim().min(2).max(100).optional().describe('Only what people did whose name or e-mail contains this text'),
  subjectType: z.string().max(40).optional().describe('Only entries about this kind of thing (user, credential, application …)'),
  subjectId: z.string().max(200).optional(),
  before: z.string().max(40).optional().describe('Return entries written before the entry with this id, in the chain\'s order (for paging)'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** An audit entry as the log page shows it: ids with the names they stand for today. */
export const AuditLogEntry = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string().nullable().describe('The acting person’s name; null for the system or a visitor not signed in'),
  action: z.string(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  subjectName: z.string().nullable().describe('What the entry is about, in words; null when it cannot be named (deleted, or a kind without a name)'),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export const AuditLogPage = z.object({ entries: z.array(AuditLogEntry), more: z.boolean().describe('Older entries match too: ask again with before = the last id') });
