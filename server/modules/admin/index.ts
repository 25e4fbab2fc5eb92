import type { Platform } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { accountsRepository } from '../accounts/accounts.repository.js';
import { adminRoutes } from './admin.routes.js';
import { auditLogService } from './audit-log.service.js';
import { mailAdminService } from './mail.service.js';
import { platformAdminService } from './platform.service.js';
import { usersAdminService } from './users.service.js';

export function registerAdmin(app: ZodApp, p: Platform) {
  const users = usersAdminService(p, accountsRepository());
  const platform = platformAdminService(p);
  const mail = mailAdminService(p);
  const auditLog = auditLogService(p);
  adminRoutes(app, users, platform, mail, auditLog);
  return { users, platform, mail, auditLog };
}
