import type { z } from 'zod';
import type {
  ListUsersQuery,
} from '../../../contracts/accounts.js';
import type { MailboxQuery, ResentMail, UndeliveredMailQuery } from '../../../contracts/admin.js';
import type { AuditLogPage, AuditLogQuery } from '../../../contracts/site.js';
import type { Mail, MailFull, UndeliveredMail, UndeliveredMails, UserRow, Users, Role, } from '../api.js';
import { call, query, } from '../api-core.js';

const seg = encodeURIComponent;

export const admin = {
  listUsers: (q: Partial<z.output<typeof ListUsersQuery>>) => call<Users>('GET', `/api/v1/admin/users${query(q)}`),
  grantRole: (userId: string, role: Role) => call<UserRow>('PUT', `/api/v1/admin/users/${seg(userId)}/roles/${seg(role)}`),
  revokeRole: (userId: string, role: Role) => call<UserRow>('DELETE', `/api/v1/admin/users/${seg(userId)}/roles/${seg(role)}`),
  setUserStatus: (userId: string, status: 'active' | 'disabled') => call<UserRow>('PUT', `/api/v1/admin/users/${seg(userId)}/status`, { status }),
  listAuditLog: (q: Partial<z.output<typeof AuditLogQuery>>) => call<z.infer<typeof AuditLogPage>>('GET', `/api/v1/admin/audit-log${query(q)}`),
  listDevMailbox: (q: Partial<z.output<typeof MailboxQuery>> = {}) => call<{ messages: Mail[] }>('GET', `/api/v1/dev/mailbox${query(q)}`),
  getDevMail: (id: string) => call<MailFull>('GET', `/api/v1/dev/mailbox/${seg(id)}`),
  listUndeliveredMail: (q: Partial<z.output<typeof UndeliveredMailQuery>> = {}) => call<UndeliveredMails>('GET', `/api/v1/admin/mail${query(q)}`),
  resendMail: (id: string) => call<UndeliveredMail>('POST', `/api/v1/admin/mail/${seg(id)}/resend`),
  resendFailedMail: () => call<z.infer<typeof ResentMail>>('POST', '/api/v1/admin/mail/resend-failed'),
};
