import { z } from 'zod';
import {
  ChangePasswordBody,
  CreateApiTokenBody,
  CreatedApiToken,
  CurrentUser,
  ApiTokenSummary,
  PasswordChanged,
  RequestPasswordResetBody,
  ResendVerificationBody,
  ResetPasswordBody,
  SignInBody,
  SignUpBody,
  UpdateProfileBody,
  VerifyEmailBody,
} from '../../../contracts/accounts.js';
import { Accepted, Ok } from '../../../contracts/common.js';
import { isSecure, type Config } from '../../config.js';
import { SESSION_COOKIE, contextOf } from '../../platform/http/auth-hook.js';
import { type ZodApp, access, errorResponses, publicAccess, strictRateLimit } from '../../platform/http/zod-app.js';
import type { AccountsService } from './accounts.service.js';
import type { tokensService } from './tokens.service.js';

const tags = ['accounts'];


/** HTTP for accounts: schemas, guards and one service call each. */
export function accountsRoutes(app: ZodApp, config: Config, accounts: AccountsService, tokens: ReturnType<typeof tokensService>): void {
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: isSecure(config),
    path: '/',
    maxAge: config.sessionDays * 86_400,
  };

  app.post('/api/v1/auth/sign-up', {
    config: strictRateLimit,
    schema: { operationId: 'signUp', ...publicAccess, tags, summary: 'Create an account; a confirmation link is e-mailed', body: SignUpBody, response: { 202: Accepted, ...errorResponses } },
  }, async (req, reply) => reply.status(202).send(await accounts.signUp(contextOf(req), req.body)));

  app.post('/api/v1/auth/verify-email', {
    config: strictRateLimit,
    schema: { operationId: 'verifyEmail', ...publicAccess, tags, summary: 'Confirm an e-mail address with the mailed token', body: VerifyEmailBody, response: { 200: Ok, ...errorResponses } },
  }, async (req) => accounts.verifyEmail(contextOf(req), req.body.token));

  app.post('/api/v1/auth/resend-verification', {
    config: strictRateLimit,
    schema: { operationId: 'resendVerification', ...publicAccess, tags, summary: 'Send a new confirmation link', body: ResendVerificationBody, response: { 202: Accepted, ...errorResponses } },
  }, async (req, reply) => reply.status(202).send(await accounts.resendVerification(contextOf(req), req.body.email)));

  app.post('/api/v1/auth/sign-in', {
    config: strictRateLimit,
    schema: { operationId: 'signIn', ...publicAccess, tags, summary: 'Sign in with e-mail and password; sets the session cookie', body: SignInBody, response: { 200: CurrentUser, ...errorResponses } },
  }, async (req, reply) => {
    const s = await accounts.signIn(contextOf(req), req.body);
    reply.setCookie(SESSION_COOKIE, s.token, cookieOptions);
    return s.user;
  });

  app.post('/api/v1/auth/sign-out', {
    schema: { operationId: 'signOut', tags, summary: 'End this session', ...access({ sessionOnly: true, owner: 'self' }), response: { 200: Ok, ...errorResponses } },
  }, async (req, reply) => {
    const r = await accounts.signOut(contextOf(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return r;
  });

  app.post('/api/v1/auth/password-reset/request', {
    config: strictRateLimit,
    schema: { operationId: 'requestPasswordReset', ...publicAccess, tags, summary: 'E-mail a single-use link to choose a new password', body: RequestPasswordResetBody, response: { 202: Accepted, ...errorResponses } },
  }, async (req, reply) => reply.status(202).send(await accounts.requestPasswordReset(contextOf(req), req.body)));

  app.post('/api/v1/auth/password-reset', {
    config: strictRateLimit,
    schema: { operationId: 'resetPassword', ...publicAccess, tags, summary: 'Choose a new password with the mailed token; ends all sessions and revokes every API token', body: ResetPasswordBody, response: { 200: PasswordChanged, ...errorResponses } },
  }, async (req) => accounts.resetPassword(contextOf(req), req.body));

  app.post('/api/v1/auth/claim', {
    config: strictRateLimit,
    schema: { operationId: 'claimAccount', ...publicAccess, tags, summary: 'Claim an imported account with the mailed invitation: set the first password and sign in (sets the session cookie)', body: ResetPasswordBody, response: { 200: CurrentUser, ...errorResponses } },
  }, async (req, reply) => {
    const s = await accounts.claimAccount(contextOf(req), req.body);
    reply.setCookie(SESSION_COOKIE, s.token, cookieOptions);
    return s.user;
  });

  app.get('/api/v1/me', {
    schema: { operationId: 'getCurrentUser', tags, summary: 'The signed-in user, roles and CSRF token', ...access({ scope: 'account:read', owner: 'self' }), response: { 200: CurrentUser, ...errorResponses } },
  }, async (req) => accounts.getCurrentUser(contextOf(req)));

  app.patch('/api/v1/me', {
    schema: { operationId: 'updateProfile', tags, summary: 'Change your name or country', ...access({ scope: ['account:write', 'account:read'], owner: 'self' }), body: UpdateProfileBody, response: { 200: CurrentUser, ...errorResponses } },
  }, async (req) => accounts.updateProfile(contextOf(req), req.body));

  app.post('/api/v1/me/password', {
    config: strictRateLimit,
    schema: { operationId: 'changePassword', tags, summary: 'Change your password; other sessions end and every API token is revoked', ...access({ sessionOnly: true, owner: 'self' }), body: ChangePasswordBody, response: { 200: PasswordChanged, ...errorResponses } },
  }, async (req) => accounts.changePassword(contextOf(req), req.body));

  app.post('/api/v1/me/api-tokens', {
    // The answer holds the token itself, which is never stored: no Idempotency-Key here.
    config: { ...strictRateLimit, idempotency: false },
    schema: { operationId: 'createApiToken', tags, summary: 'Create an API token (shown once) with scopes; asks for the current password', ...access({ sessionOnly: true, owner: 'self' }), body: CreateApiTokenBody, response: { 201: CreatedApiToken, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await tokens.create(contextOf(req), req.body)));

  app.get('/api/v1/me/api-tokens', {
    schema: { operationId: 'listApiTokens', tags, summary: 'Your active API tokens', ...access({ scope: 'account:read', owner: 'self' }), response: { 200: z.object({ tokens: z.array(ApiTokenSummary) }), ...errorResponses } },
  }, async (req) => tokens.list(contextOf(req)));

  app.delete('/api/v1/me/api-tokens/:tokenId', {
    schema: { operationId: 'revokeApiToken', tags, summary: 'Revoke one of your API tokens', ...access({ scope: 'account:write', owner: 'self' }), params: z.strictObject({ tokenId: z.string().max(64) }), response: { 200: Ok, ...errorResponses } },
  }, async (req) => tokens.revoke(contextOf(req), req.params.tokenId));
}
