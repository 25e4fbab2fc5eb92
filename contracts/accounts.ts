import { z } from 'zod';

export { apiScopes, roles, scopeNeeds } from './roles.js';
import { apiScopes, roles } from './roles.js';

export const Role = z.enum(roles);
export type Role = z.infer<typeof Role>;
export const ApiScope = z.enum(apiScopes);
export type ApiScope = z.infer<typeof ApiScope>;

const email = z.email({ message: 'Enter an e-mail address such as name@example.org' }).max(254).transform((e) => e.toLowerCase());
// Length bounds are checked here; strength (common passwords, e-mail in password) in the rules.
const password = z.string().min(1, 'Enter a password').max(256, 'Use at most 256 characters');
const newPassword = z.string().min(12, 'Use at least 12 characters').max(256, 'Use at most 256 characters');
const name = z.string().trim().min(1, 'Enter your name').max(200, 'Use at most 200 characters');

export const SignUpBody = z.strictObject({ email, name, password: newPassword });
export const SignInBody = z.strictObject({ email, password });
export const VerifyEmailBody = z.strictObject({ token: z.string().min(10).max(200) });
export const ResendVerificationBody = z.strictObject({ email });
export const RequestPasswordResetBody = z.strictObject({ email });
export const ResetPasswordBody = z.strictObject({ token: z.string().min(10).max(200), password: newPassword });
export const ChangePasswordBody = z.strictObject({ currentPassword: password, newPassword });
export const UpdateProfileBody = z.strictObject({
  name: name.optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'Use a two-letter country code such as GB')
    .nullable()
    .optional(),
});

export const CurrentUser = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    country: z.string().nullable(),
    emailVerified: z.boolean(),
    roles: z.array(Role),
    csrfToken: z.string().nullable().describe('Send as X-CSRF-Token on writes made with the session cookie'),
    demo: z.boolean().describe('True when the site runs with demo data'),
    devMailbox: z.boolean().describe('True when outgoing mail is kept in the development mailbox'),
  })
  .meta({ id: 'CurrentUser' });
export type CurrentUser = z.infer<typeof CurrentUser>;

export const CreateApiTokenBody = z.strictObject({
  name: z.string().trim().min(1, 'Name the token so you can recognise it later').max(100),
  // Whoever holds a session (a borrowed laptop, a stolen cookie) must not mint a lasting credential without it.
  currentPassword: z.string({ error: 'Enter your current password' }).min(1, 'Enter your current password').max(256, 'Use at most 256 characters'),
  scopes: z.array(ApiScope).min(1, 'Choose at least one scope').max(apiScopes.length),
  expiresInDays: z.number().int().min(1).max(730).optional(),
});
export const ApiTokenSummary = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(ApiScope),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export const CreatedApiToken = ApiTokenSummary.extend({ token: z.string().describe('Shown once; store it now') });
export const RevokedApiToken = z.object({ id: z.string(), name: z.string(), prefix: z.string() });
export type RevokedApiToken = z.infer<typeof RevokedApiToken>;
/** The answer to a password change or reset: every API token of the account is revoked with it. */
export const PasswordChanged = z.object({
  status: z.literal('ok'),
  revokedApiTokens: z.array(RevokedApiToken).describe('The API tokens revoked with the old password; create new ones where needed'),
});

export const UserSummary = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  status: z.enum(['active', 'disabled', 'invited']),
  emailVerified: z.boolean(),
  roles: z.array(Role),
  createdAt: z.string(),
});
export const UserList = z.object({ users: z.array(UserSummary), total: z.number().int() });
export const ListUsersQuery = z.strictObject({
  q: z.string().max(200).optional(),
  role: Role.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
