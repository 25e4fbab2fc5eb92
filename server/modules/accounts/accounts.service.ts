import type { z } from 'zod';
import type {
  ChangePasswordBody,
  CurrentUser,
  RequestPasswordResetBody,
  ResetPasswordBody,
  SignInBody,
  SignUpBody,
  UpdateProfileBody,
} from '../../../contracts/accounts.js';
import type { Db } from '../../db/database.js';
import { audit, type AuditContext } from '../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx, requireActor } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import { currentUserOf } from '../../platform/current-user.js';
import { newId } from '../../platform/ids.js';
import { queueMail } from '../../platform/mail/outbox.js';
import { dummyHash, hashPassword, verifyPassword } from '../../platform/passwords.js';
import { randomToken, sha256 } from '../../platform/secrets.js';
import type { AccountsRepository } from './accounts.repository.js';
import { refreshRegisterEntry } from '../register/index.js';
import { describeToken, revokeAllApiTokens } from './tokens.service.js';
import { attemptBounds, attemptVerdict, passwordProblems, policy, tokenUsable } from './accounts.rules.js';
import { isLoopbackAddress } from '../../platform/loopback.js';
import { claimExpiresOn, issueClaimToken } from './claim.js';

const accepted = (message: string) => ({ status: 'accepted' as const, message });

/** Sign-up, e-mail verification, sign-in and out, and passwords. */
export function accountsService(p: Platform, repo: AccountsRepository) {
  const db: Db = p.database.db;
  const link = (path: string, token: string) => `${p.config.publicUrl}${path}?token=${encodeURIComponent(token)}`;

  /**
   * An imported holder who never claimed the account has no password to reset and cannot sign up again under
   * the same address: either request mails a fresh claim link instead (replacing any earlier one), under the
   * same answer as every other address, so the answer tells nobody whether the address is known.
   */
  async function claimAgain(tx: Parameters<typeof issueClaimToken>[0], ctx: RequestContext, user: { id: string; email: string; name: string }, now: Date): Promise<void> {
    const token = await issueClaimToken(tx, user.id, now);
    await queueMail(tx, user.email, 'claim_again', { name: user.name, expiresOn: claimExpiresOn(now), link: link('/claim', token) }, now);
    await audit(tx, auditCtx(ctx), { action: 'account.claim_link_resent', subjectType: 'user', subjectId: user.id }, now);
  }

  function assertStrong(password: string, ctx: { email?: string; name?: string }, field: string) {
    const problems = passwordProblems(password, ctx);
    if (problems.length) throw new DomainError('WEAK_PASSWORD', problems.join(' '), { fields: { [field]: problems } });
  }

  async function issueToken(tx: Parameters<typeof repo.insertOneTimeToken>[0], userId: string, purpose: 'verify_email' | 'reset_password', now: Date) {
    const token = randomToken();
    await repo.invalidateTokensOf(tx, userId, purpose, now.toISOString());
    await repo.insertOneTimeToken(tx, {
      id: newId(),
      user_id: userId,
      purpose,
      token_hash: sha256(token),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + (purpose === 'verify_email' ? policy.verifyEmailTtlMs : policy.resetPasswordTtlMs)).toISOString(),
    });
    return token;
  }

  /** Creates a session for a user in `tx`, returning the cookie token (stored only hashed). */
  async function startSession(tx: Parameters<typeof repo.insertSession>[0], userId: string, ctx: RequestContext, now: Date) {
    const token = randomToken();
    const csrfToken = randomToken(24);
    await repo.insertSession(tx, {
      id: sha256(token),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + p.config.sessionDays * 86_400_000).toISOString(),
      last_seen_at: now.toISOString(),
      ip: ctx.ip,
      user_agent: ctx.userAgent?.slice(0, 300) ?? null,
    });
    return { token, csrfToken };
  }

  /** The user as the sign-in answer shows them, with the new session's CSRF token. */
  async function signedIn(user: { id: string; email: string; name: string; country: string | null }, csrfToken: string, ctx: RequestContext): Promise<CurrentUser> {
    const roles = (await repo.rolesOf(db, user.id)) as CurrentUser['roles'];
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      country: user.country,
      emailVerified: true,
      roles,
      csrfToken,
      demo: p.config.demo,
      devMailbox: p.config.smtpUrl === null && isLoopbackAddress(ctx.ip),
    };
  }

  return {
    /** Always answers the same way, whether or not the address already has an account. */
    async signUp(ctx: RequestContext, body: z.output<typeof SignUpBody>) {
      assertStrong(body.password, body, 'password');
      const hash = await hashPassword(body.password);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const existing = await repo.findUserByEmail(tx, body.email);
        if (existing?.status === 'invited') return claimAgain(tx, ctx, existing, now);
        if (existing) {
          if (existing.email_verified_at) {
            await queueMail(tx, existing.email, 'sign_up_existing', {
              name: existing.name,
              signInLink: `${p.config.publicUrl}/sign-in`,
              resetLink: `${p.config.publicUrl}/forgot-password`,
            }, now);
          } else {
            const token = await issueToken(tx, existing.id, 'verify_email', now);
            await queueMail(tx, existing.email, 'verify_email', { name: existing.name, link: link('/verify-email', token) }, now);
          }
          await audit(tx, auditCtx(ctx), { action: 'account.sign_up_repeated', subjectType: 'user', subjectId: existing.id }, now);
          return;
        }
        const id = newId();
        await repo.insertUser(tx, {
          id,
          email: body.email,
          name: body.name,
          password_hash: hash,
          email_verified_at: null,
          status: 'active',
          country: null,
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        });
        await repo.grantRole(tx, id, 'member', null, now.toISOString());
        const token = await issueToken(tx, id, 'verify_email', now);
        await queueMail(tx, body.email, 'verify_email', { name: body.name, link: link('/verify-email', token) }, now);
        await audit(tx, { ...auditCtx(ctx), actorId: id }, { action: 'account.sign_up', subjectType: 'user', subjectId: id }, now);
      });
      p.nudgeJobs();
      return accepted('Check your e-mail for a link to confirm your address.');
    },

    async verifyEmail(ctx: RequestContext, token: string) {
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const t = await repo.findOneTimeToken(tx, sha256(token), 'verify_email');
        if (!t || !tokenUsable(t, now) || !(await repo.consumeOneTimeToken(tx, t.id, now.toISOString()))) {
          throw new DomainError('INVALID_TOKEN', 'This confirmation link has expired or was already used. Sign in or ask for a new link.');
        }
        await repo.updateUser(tx, t.user_id, { email_verified_at: now.toISOString(), updated_at: now.toISOString() });
        await audit(tx, { ...auditCtx(ctx), actorId: t.user_id }, { action: 'account.email_verified', subjectType: 'user', subjectId: t.user_id }, now);
      });
      return { status: 'ok' as const };
    },

    async resendVerification(ctx: RequestContext, email: string) {
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const user = await repo.findUserByEmail(tx, email);
        if (!user || user.email_verified_at || user.status !== 'active') return;
        const token = await issueToken(tx, user.id, 'verify_email', now);
        await queueMail(tx, user.email, 'verify_email', { name: user.name, link: link('/verify-email', token) }, now);
        await audit(tx, auditCtx(ctx), { action: 'account.verification_resent', subjectType: 'user', subjectId: user.id }, now);
      });
      p.nudgeJobs();
      return accepted('If that address has an unconfirmed account, a new link is on its way.');
    },

    /**
     * Counts the attempt first, atomically, so concurrent guesses cannot pass the lock; then verifies the password
     * (against a dummy hash when the account does not exist, so timing does not reveal accounts) and rotates the
     * session. Unknown addresses are counted and locked alike.
     */
    async signIn(ctx: RequestContext, body: z.output<typeof SignInBody>) {
      const now = p.clock.now();
      const key = sha256(`sign-in:${body.email}`);
      const counted = await repo.countAttempt(db, key, attemptBounds(now));
      if (attemptVerdict(counted, now) === 'locked') {
        await audit(db, auditCtx(ctx), { action: 'auth.sign_in_locked', details: { emailHash: key.slice(0, 16), attempts: counted.attempts } }, now);
        throw new DomainError('TOO_MANY_ATTEMPTS', 'Too many failed attempts. Wait 15 minutes and try again, or reset your password.', { retryAfter: counted.lockedUntil });
      }
      const user = await repo.findUserByEmail(db, body.email);
      const ok = await verifyPassword(user?.password_hash ?? (await dummyHash()), body.password);
      if (!user || !ok || !user.password_hash) {
        await audit(db, auditCtx(ctx), { action: 'auth.sign_in_failed', subjectType: user ? 'user' : undefined, subjectId: user?.id, details: { emailHash: key.slice(0, 16), attempts: counted.attempts } }, now);
        throw new DomainError('INVALID_CREDENTIALS', 'E-mail address or password is incorrect.');
      }
      // The right password within the allowance: the count starts again (unless others were counted meanwhile).
      await repo.resetAttempts(db, key, counted.attempts, now.toISOString());
      if (user.status !== 'active') throw new DomainError('ACCOUNT_DISABLED', 'This account is disabled. Contact the body’s administrators.');
      if (!user.email_verified_at) {
        throw new DomainError('EMAIL_NOT_VERIFIED', 'Confirm your e-mail address first: open the link we sent you, or ask for a new one.', { email: user.email });
      }
      const session = await db.transaction().execute(async (tx) => {
        // Rotation: whatever session the browser held before is dropped, defeating fixation.
        if (ctx.actor?.sessionId) await repo.deleteSession(tx, ctx.actor.sessionId);
        const s = await startSession(tx, user.id, ctx, now);
        await audit(tx, { ...auditCtx(ctx), actorId: user.id }, { action: 'auth.sign_in', subjectType: 'user', subjectId: user.id }, now);
        return s;
      });
      return { token: session.token, user: await signedIn(user, session.csrfToken, ctx) };
    },

    async signOut(ctx: RequestContext) {
      const actor = requireActor(ctx);
      const now = p.clock.now();
      if (actor.via !== 'session' || !actor.sessionId) throw new DomainError('FORBIDDEN', 'Sign out applies to browser sessions; revoke API tokens instead.');
      await db.transaction().execute(async (tx) => {
        await repo.deleteSession(tx, actor.sessionId as string);
        await audit(tx, auditCtx(ctx), { action: 'auth.sign_out', subjectType: 'user', subjectId: actor.userId }, now);
      });
      return { status: 'ok' as const };
    },

    /** The signed-in user, straight from the actor resolved for this request (no further query). */
    getCurrentUser(ctx: RequestContext): CurrentUser {
      return currentUserOf(requireActor(ctx), ctx.ip, p.config);
    },

    async updateProfile(ctx: RequestContext, body: z.output<typeof UpdateProfileBody>) {
      const a = requireActor(ctx);
      const now = p.clock.now();
      const patch: { name?: string; country?: string | null; updated_at: string } = { updated_at: now.toISOString() };
      if (body.name !== undefined) patch.name = body.name;
      if (body.country !== undefined) patch.country = body.country;
      await db.transaction().execute(async (tx) => {
        await repo.updateUser(tx, a.userId, patch);
        // The public register shows the name and country: keep a listed holder's entry in step.
        await refreshRegisterEntry(tx, a.userId, now);
        await audit(tx, auditCtx(ctx), { action: 'account.profile_updated', subjectType: 'user', subjectId: a.userId, details: { fields: Object.keys(body) } }, now);
      });
      return { ...this.getCurrentUser(ctx), ...(body.name !== undefined ? { name: body.name } : {}), ...(body.country !== undefined ? { country: body.country } : {}) };
    },

    async requestPasswordReset(ctx: RequestContext, body: z.output<typeof RequestPasswordResetBody>) {
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const user = await repo.findUserByEmail(tx, body.email);
        if (user?.status === 'invited') return claimAgain(tx, ctx, user, now);
        if (!user || user.status !== 'active') {
          await audit(tx, auditCtx(ctx), { action: 'auth.password_reset_requested_unknown', details: { emailHash: sha256(body.email).slice(0, 16) } }, now);
          return;
        }
        const token = await issueToken(tx, user.id, 'reset_password', now);
        await queueMail(tx, user.email, 'reset_password', { name: user.name, link: link('/reset-password', token) }, now);
        await audit(tx, auditCtx(ctx), { action: 'auth.password_reset_requested', subjectType: 'user', subjectId: user.id }, now);
      });
      p.nudgeJobs();
      return accepted('If that address has an account, a link to reset the password is on its way.');
    },

    /** Single use: the token is consumed atomically; every session of the user is ended. */
    async resetPassword(ctx: RequestContext, body: z.output<typeof ResetPasswordBody>) {
      const now = p.clock.now();
      const t = await repo.findOneTimeToken(db, sha256(body.token), 'reset_password');
      const invalid = () => new DomainError('INVALID_TOKEN', 'This reset link has expired or was already used. Ask for a new one.');
      if (!t || !tokenUsable(t, now)) throw invalid();
      const user = await repo.findUserById(db, t.user_id);
      if (!user) throw invalid();
      assertStrong(body.password, user, 'password');
      const hash = await hashPassword(body.password);
      const revokedApiTokens = await db.transaction().execute(async (tx) => {
        if (!(await repo.consumeOneTimeToken(tx, t.id, now.toISOString()))) throw invalid();
        await repo.updateUser(tx, user.id, {
          password_hash: hash,
          email_verified_at: user.email_verified_at ?? now.toISOString(), // the link proved the mailbox
          updated_at: now.toISOString(),
        });
        await repo.deleteSessionsOf(tx, user.id);
        await repo.clearThrottle(tx, sha256(`sign-in:${user.email}`));
        const by = { ...auditCtx(ctx), actorId: user.id };
        const revoked = await revokeAllApiTokens(tx, repo, user.id, 'password_reset', by, now);
        await queueMail(tx, user.email, 'password_changed', { name: user.name, resetLink: `${p.config.publicUrl}/forgot-password`, revokedTokens: revoked.map(describeToken) }, now);
        await audit(tx, by, { action: 'auth.password_reset', subjectType: 'user', subjectId: user.id, details: { revokedApiTokens: revoked.length } }, now);
        return revoked;
      });
      p.nudgeJobs();
      return { status: 'ok' as const, revokedApiTokens };
    },

    /**
     * An invited account (made by a register import) is claimed with its mailed link: the first password is
     * set, the address counts as confirmed (the link proved the mailbox), the account becomes active and the
     * holder is signed in. Single use; an account that is no longer invited refuses the link.
     */
    async claimAccount(ctx: RequestContext, body: z.output<typeof ResetPasswordBody>) {
      const now = p.clock.now();
      const t = await repo.findOneTimeToken(db, sha256(body.token), 'claim_account');
      const invalid = () => new DomainError('INVALID_TOKEN', 'This invitation link has expired or was already used. Sign in, or ask the body for a new invitation.');
      if (!t || !tokenUsable(t, now)) throw invalid();
      const user = await repo.findUserById(db, t.user_id);
      if (!user || user.status !== 'invited') throw invalid();
      assertStrong(body.password, user, 'password');
      const hash = await hashPassword(body.password);
      const session = await db.transaction().execute(async (tx) => {
        if (!(await repo.consumeOneTimeToken(tx, t.id, now.toISOString()))) throw invalid();
        await repo.updateUser(tx, user.id, { password_hash: hash, status: 'active', email_verified_at: user.email_verified_at ?? now.toISOString(), updated_at: now.toISOString() });
        if (ctx.actor?.sessionId) await repo.deleteSession(tx, ctx.actor.sessionId);
        const s = await startSession(tx, user.id, ctx, now);
        await audit(tx, { ...auditCtx(ctx), actorId: user.id }, { action: 'auth.account_claimed', subjectType: 'user', subjectId: user.id }, now);
        return s;
      });
      return { token: session.token, user: await signedIn(user, session.csrfToken, ctx) };
    },

    async changePassword(ctx: RequestContext, body: z.output<typeof ChangePasswordBody>) {
      const a = requireActor(ctx);
      if (a.via !== 'session') throw new DomainError('FORBIDDEN', 'Change passwords from a signed-in browser session, not with an API token.');
      const user = await repo.findUserById(db, a.userId);
      if (!user?.password_hash || !(await verifyPassword(user.password_hash, body.currentPassword))) {
        throw new DomainError('INVALID_CREDENTIALS', 'Your current password is incorrect.', { fields: { currentPassword: ['Incorrect password'] } });
      }
      assertStrong(body.newPassword, user, 'newPassword');
      const hash = await hashPassword(body.newPassword);
      const now = p.clock.now();
      const revokedApiTokens = await db.transaction().execute(async (tx) => {
        await repo.updateUser(tx, user.id, { password_hash: hash, updated_at: now.toISOString() });
        await repo.deleteSessionsOf(tx, user.id, a.sessionId ?? undefined);
        const revoked = await revokeAllApiTokens(tx, repo, user.id, 'password_changed', auditCtx(ctx), now);
        await queueMail(tx, user.email, 'password_changed', { name: user.name, resetLink: `${p.config.publicUrl}/forgot-password`, revokedTokens: revoked.map(describeToken) }, now);
        await audit(tx, auditCtx(ctx), { action: 'auth.password_changed', subjectType: 'user', subjectId: user.id, details: { revokedApiTokens: revoked.length } }, now);
        return revoked;
      });
      p.nudgeJobs();
      return { status: 'ok' as const, revokedApiTokens };
    },
  };
}

export type AccountsService = ReturnType<typeof accountsService>;
export type { AuditContext };
