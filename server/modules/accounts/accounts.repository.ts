import { sql } from 'kysely';
import type { Db, Tx } from '../../db/database.js';
import type { ApiToken, OneTimeTokensTable, Session, User } from '../../db/schema.js';
import type { AttemptBounds } from './accounts.rules.js';

type TokenPurpose = OneTimeTokensTable['purpose'];

type Q = Db | Tx;

/** Data access for users, roles, sessions and tokens. The only accounts file that uses Kysely. */
export function accountsRepository() {
  return {
    findUserByEmail: (q: Q, email: string): Promise<User | undefined> =>
      q.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst(),
    findUserById: (q: Q, id: string): Promise<User | undefined> =>
      q.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),
    insertUser: (q: Q, user: User) => q.insertInto('users').values(user).execute(),
    updateUser: (q: Q, id: string, patch: Partial<User>) => q.updateTable('users').set(patch).where('id', '=', id).execute(),

    rolesOf: async (q: Q, userId: string): Promise<string[]> =>
      (await q.selectFrom('user_roles').select('role').where('user_id', '=', userId).orderBy('role').execute()).map((r) => r.role),
    grantRole: (q: Q, userId: string, role: string, grantedBy: string | null, at: string) =>
      q
        .insertInto('user_roles')
        .values({ user_id: userId, role, granted_by: grantedBy, granted_at: at })
        .onConflict((oc) => oc.columns(['user_id', 'role']).doNothing())
        .execute(),
    revokeRole: (q: Q, userId: string, role: string) =>
      q.deleteFrom('user_roles').where('user_id', '=', userId).where('role', '=', role).executeTakeFirst(),
    countRole: async (q: Q, role: string): Promise<number> =>
      Number((await q.selectFrom('user_roles').select((eb) => eb.fn.countAll().as('n')).where('role', '=', role).executeTakeFirstOrThrow()).n),

    insertSession: (q: Q, s: Session) => q.insertInto('sessions').values(s).execute(),
    deleteSession: (q: Q, id: string) => q.deleteFrom('sessions').where('id', '=', id).execute(),
    deleteSessionsOf: (q: Q, userId: string, exceptId?: string) => {
      let d = q.deleteFrom('sessions').where('user_id', '=', userId);
      if (exceptId) d = d.where('id', '!=', exceptId);
      return d.execute();
    },
    deleteExpiredSessions: (q: Q, now: string) => q.deleteFrom('sessions').where('expires_at', '<', now).executeTakeFirst(),
    deleteOneTimeTokensExpiredBefore: (q: Q, before: string) => q.deleteFrom('one_time_tokens').where('expires_at', '<', before).executeTakeFirst(),

    insertOneTimeToken: (q: Q, t: { id: string; user_id: string; purpose: TokenPurpose; token_hash: string; created_at: string; expires_at: string }) =>
      q.insertInto('one_time_tokens').values({ ...t, used_at: null }).execute(),
    findOneTimeToken: (q: Q, hash: string, purpose: TokenPurpose) =>
      q.selectFrom('one_time_tokens').selectAll().where('token_hash', '=', hash).where('purpose', '=', purpose).executeTakeFirst(),
    /** Marks the token used only if still unused; returns whether this call won. */
    consumeOneTimeToken: async (q: Q, id: string, at: string): Promise<boolean> => {
      const r = await q.updateTable('one_time_tokens').set({ used_at: at }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    invalidateTokensOf: (q: Q, userId: string, purpose: TokenPurpose, at: string) =>
      q.updateTable('one_time_tokens').set({ used_at: at }).where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute(),

    /**
     * Counts one sign-in attempt for `key` atomically (one upsert; SET expressions read the row as it was) and
     * returns the count and lock as they now stand. See accounts.rules.ts: attemptBounds, attemptVerdict.
     */
    countAttempt: async (q: Q, key: string, b: AttemptBounds): Promise<{ attempts: number; lockedUntil: string | null }> => {
      const t = 'sign_in_throttle';
      const fresh = sql<boolean>`((${sql.ref(`${t}.locked_until`)} is not null and ${sql.ref(`${t}.locked_until`)} <= ${b.now}) or (${sql.ref(`${t}.locked_until`)} is null and ${sql.ref(`${t}.window_started_at`)} <= ${b.windowStartedBefore}))`;
      const row = await q
        .insertInto(t)
        .values({ key, failures: 1, window_started_at: b.now, locked_until: null })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            failures: sql<number>`case when ${fresh} then 1 else ${sql.ref(`${t}.failures`)} + 1 end`,
            window_started_at: sql<string>`case when ${fresh} then ${b.now} else ${sql.ref(`${t}.window_started_at`)} end`,
            locked_until: sql<string | null>`case when ${fresh} then null when ${sql.ref(`${t}.locked_until`)} is not null then ${sql.ref(`${t}.locked_until`)} when ${sql.ref(`${t}.failures`)} + 1 > ${b.allowance} then ${b.lockUntil} else null end`,
          }),
        )
        .returning(['failures', 'locked_until'])
        .executeTakeFirstOrThrow();
      return { attempts: Number(row.failures), lockedUntil: row.locked_until };
    },
    /**
     * After the right password within the allowance: the count starts again, but only if no other attempt was
     * counted since this one (`attempts`, as countAttempt returned it) and no lock was set meanwhile, so guesses
     * racing a member's sign-in are not forgiven.
     */
    resetAttempts: (q: Q, key: string, attempts: number, now: string) =>
      q.updateTable('sign_in_throttle').set({ failures: 0, window_started_at: now }).where('key', '=', key).where('failures', '=', attempts).where('locked_until', 'is', null).execute(),
    clearThrottle: (q: Q, key: string) => q.deleteFrom('sign_in_throttle').where('key', '=', key).execute(),

    insertApiToken: (q: Q, t: ApiToken) => q.insertInto('api_tokens').values(t).execute(),
    listApiTokens: (q: Q, userId: string) =>
      q.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).where('revoked_at', 'is', null).orderBy('created_at', 'desc').execute(),
    revokeApiToken: async (q: Q, userId: string, id: string, at: string): Promise<boolean> => {
      const r = await q.updateTable('api_tokens').set({ revoked_at: at }).where('id', '=', id).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** Revokes every active token of the user; answers the ones revoked. */
    revokeApiTokensOf: (q: Q, userId: string, at: string) =>
      q.updateTable('api_tokens').set({ revoked_at: at }).where('user_id', '=', userId).where('revoked_at', 'is', null).returning(['id', 'name', 'prefix']).execute(),
    listUsers: async (q: Q, f: { q?: string; role?: string; limit: number; offset: number }) => {
      let base = q.selectFrom('users');
      if (f.q) {
        const like = `%${f.q.toLowerCase().replace(/[%_\\]/g, '')}%`; // wildcards dropped: LIKE escaping differs by dialect
        base = base.where((eb) => eb.or([eb(eb.fn('lower', ['users.name']), 'like', like), eb('users.email', 'like', like)]));
      }
      if (f.role) {
        const role = f.role;
        base = base.where((eb) => eb.exists(eb.selectFrom('user_roles').select('user_roles.user_id').whereRef('user_roles.user_id', '=', 'users.id').where('user_roles.role', '=', role)));
      }
      const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
      const users = await base.selectAll('users').orderBy('users.name').orderBy('users.id').limit(f.limit).offset(f.offset).execute();
      const ids = users.map((u) => u.id);
      const roleRows = ids.length ? await q.selectFrom('user_roles').select(['user_id', 'role']).where('user_id', 'in', ids).execute() : [];
      return { total, users, roleRows };
    },
  };
}

export type AccountsRepository = ReturnType<typeof accountsRepository>;
