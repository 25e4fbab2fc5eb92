import { z } from 'zod';

export const MailSummary = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  template: z.string(),
  status: z.enum(['pending', 'sent', 'failed']),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export const MailMessage = MailSummary.extend({ text: z.string(), lastError: z.string().nullable() });
export const MailboxQuery = z.strictObject({
  to: z.string().max(254).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const AuditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  action: z.string(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export const AuditQuery = z.strictObject({
  action: z.string().max(100).optional(),
  subjectId: z.string().max(64).optional(),
  before: z.string().max(40).optional().describe('Return entries older than this id (for paging)'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const JobSummary = z.object({
  id: z.string(),
  kind: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  runAt: z.string(),
  lastError: z.string().nullable(),
  progress: z.object({ done: z.number(), total: z.number(), message: z.string().optional() }).nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
});
