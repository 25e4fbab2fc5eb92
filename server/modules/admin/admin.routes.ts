import { z } from 'zod';
import { ListUsersQuery, Role, UserList, UserSummary } from '../../../contracts/accounts.js';
import { JobSummary, MailMessage, MailSummary, MailboxQuery, ResentMail, UndeliveredMail, UndeliveredMailList, UndeliveredMailQuery } from '../../../contracts/admin.js';
import { AuditLogPage, AuditLogQuery } from '../../../contracts/site.js';
import { contextOf } from '../../platform/http/auth-hook.js';
import type { auditLogService } from './audit-log.service.js';
import { type ZodApp, access, errorResponses } from '../../platform/http/zod-app.js';
import type { mailAdminService } from './mail.service.js';
import type { platformAdminService } from './platform.service.js';
import type { usersAdminService } from './users.service.js';

const userParams = z.strictObject({ userId: z.string().max(64) });

/** HTTP for administration: users and roles, development mailbox, audit log, jobs. */
export function adminRoutes(app: ZodApp, users: ReturnType<typeof usersAdminService>, platform: ReturnType<typeof platformAdminService>, mail: ReturnType<typeof mailAdminService>, auditLog: ReturnType<typeof auditLogService>): void {
  const tags = ['administration'];
  app.get('/api/v1/admin/users', {
    schema: { operationId: 'listUsers', tags, summary: 'Find users by name or e-mail, or by role', ...access({ scope: 'admin', roles: ['system_admin'] }), querystring: ListUsersQuery, response: { 200: UserList, ...errorResponses } },
  }, async (req) => users.list(contextOf(req), req.query));

  app.put('/api/v1/admin/users/:userId/roles/:role', {
    schema: { operationId: 'grantRole', tags, summary: 'Grant a role to a user', ...access({ scope: 'admin', roles: ['system_admin'] }), params: userParams.extend({ role: Role }), response: { 200: UserSummary, ...errorResponses } },
  }, async (req) => users.grantRole(contextOf(req), req.params.userId, req.params.role));

  app.delete('/api/v1/admin/users/:userId/roles/:role', {
    schema: { operationId: 'revokeRole', tags, summary: 'Take a role away from a user', ...access({ scope: 'admin', roles: ['system_admin'] }), params: userParams.extend({ role: Role }), response: { 200: UserSummary, ...errorResponses } },
  }, async (req) => users.revokeRole(contextOf(req), req.params.userId, req.params.role));

  app.put('/api/v1/admin/users/:userId/status', {
    schema: { operationId: 'setUserStatus', tags, summary: 'Disable or re-enable an account', ...access({ scope: 'admin', roles: ['system_admin'] }), params: userParams, body: z.strictObject({ status: z.enum(['active', 'disabled']) }), response: { 200: UserSummary, ...errorResponses } },
  }, async (req) => users.setStatus(contextOf(req), req.params.userId, req.body.status));

  app.get('/api/v1/admin/audit-log', {
    schema: { operationId: 'listAuditLog', tags, summary: 'The append-only audit log, newest first, with the names of who acted and what each entry is about', ...access({ scope: 'admin', roles: ['system_admin'] }), querystring: AuditLogQuery, response: { 200: AuditLogPage, ...errorResponses } },
  }, async (req) => auditLog.list(contextOf(req), req.query));

  app.get('/api/v1/admin/jobs/:jobId', {
    schema: { operationId: 'getJob', tags, summary: 'A background job: state, attempts and progress', ...access({ scope: 'admin', roles: ['system_admin', 'scheme_admin'] }), params: z.strictObject({ jobId: z.string().max(64) }), response: { 200: JobSummary, ...errorResponses } },
  }, async (req) => platform.getJob(contextOf(req), req.params.jobId));

  // Undelivered mail: system administrators only (the services check the role).
  app.get('/api/v1/admin/mail', {
    schema: { operationId: 'listUndeliveredMail', tags, summary: 'Mail that failed, or is still pending after a while, with the reason (system administrators)', ...access({ scope: 'admin', roles: ['system_admin'] }), querystring: UndeliveredMailQuery, response: { 200: UndeliveredMailList, ...errorResponses } },
  }, async (req) => mail.listUndelivered(contextOf(req), req.query));

  app.post('/api/v1/admin/mail/:messageId/resend', {
    schema: { operationId: 'resendMail', tags, summary: 'Queue one failed message again, with a fresh retry window (system administrators)', ...access({ scope: 'admin', roles: ['system_admin'] }), params: z.strictObject({ messageId: z.string().max(64) }), response: { 200: UndeliveredMail, ...errorResponses } },
  }, async (req) => mail.resendOne(contextOf(req), req.params.messageId));

  app.post('/api/v1/admin/mail/resend-failed', {
    schema: { operationId: 'resendFailedMail', tags, summary: 'Queue every failed message again (system administrators)', ...access({ scope: 'admin', roles: ['system_admin'] }), response: { 200: ResentMail, ...errorResponses } },
  }, async (req) => mail.resendAllFailed(contextOf(req)));

  app.get('/api/v1/dev/mailbox', {
    schema: { operationId: 'listDevMailbox', ...access({ scope: 'admin', roles: ['system_admin'], openInDemo: true }), tags: ['development'], summary: 'Outgoing mail kept when no SMTP server is configured', querystring: MailboxQuery, response: { 200: z.object({ messages: z.array(MailSummary) }), ...errorResponses } },
  }, async (req) => platform.listMail(contextOf(req), req.query));

  app.get('/api/v1/dev/mailbox/:messageId', {
    schema: { operationId: 'getDevMail', ...access({ scope: 'admin', roles: ['system_admin'], openInDemo: true }), tags: ['development'], summary: 'One message from the development mailbox', params: z.strictObject({ messageId: z.string().max(64) }), response: { 200: MailMessage, ...errorResponses } },
  }, async (req) => platform.getMail(contextOf(req), req.params.messageId));
}
