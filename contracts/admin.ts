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

export const UndeliveredMail = MailSummary.extend({
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  firstAttemptAt: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
});
export const UndeliveredMailQuery = z.strictObject({
  status: z.enum(['failed', 'pending']).optional().describe('Only failed mail, or only long-pending mail; both when left out'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const UndeliveredMailList = z.object({
  /** Mail still pending this many minutes after it was queued counts as long-pending. */
  pendingAfterMinutes: z.number().int(),
  failed: z.number().int(),
  longPending: z.number().int(),
  messages: z.array(UndeliveredMail),
});
export const ResentMail = z.object({ resent: z.number().int() });
