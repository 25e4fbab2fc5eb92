import type { Db, Tx } from '../../../db/database.js';
import type { CredentialStatus } from '../credentials.repository.js';

/* The staff console's reading: credentials found by holder, id, level or status, and a credential's audit trail. */

type Q = Db | Tx;
export type Filters = { q?: string | undefined; level?: string | undefined; status?: CredentialStatus | undefined; limit: number; offset: number };

export type ConsoleRow = {
  id: string;
  holder_id: string;
  holder_name: string;
  holder_email: string;
  level_id: string;
  level_name: string;
  post_nominals: string | null;
  status: CredentialStatus;
  status_changed_at: string;
  awarded_at: string;
  review_at: string;
  issued_at: string | null;
};

const base = (q: Q) =>
  q.selectFrom('credentials as c').innerJoin('users as u', 'u.id', 'c.holder_id').leftJoin('issued_credentials as i', 'i.credential_id', 'c.id');

const columns = [
  'c.id', 'c.holder_id', 'u.name as holder_name', 'u.email as holder_email', 'c.level_id', 'c.level_name', 'c.post_nominals',
  'c.status', 'c.status_changed_at', 'c.awarded_at', 'c.review_at', 'i.issued_at',
] as const;

export const consoleRepository = {
  /** Newest awards first; a search matches a credential id exactly or a part of the holder's name or address. */
  async find(q: Q, f: Filters): Promise<{ total: number; rows: ConsoleRow[] }> {
    let s = base(q);
    const text = f.q?.trim();
    if (text) {
      // Wildcards are dropped rather than escaped: LIKE escaping differs between the dialects.
      const like = `%${text.toLowerCase().replace(/[%_\\]/g, '')}%`;
      s = s.where((eb) => eb.or([eb('c.id', '=', text), eb(eb.fn('lower', ['u.name']), 'like', like), eb(eb.fn('lower', ['u.email']), 'like', like)]));
    }
    if (f.level) s = s.where('c.level_id', '=', f.level);
    if (f.status) s = s.where('c.status', '=', f.status);
    const total = Number((await s.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const rows = await s.select(columns).orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(f.limit).offset(f.offset).execute();
    return { total, rows: rows as ConsoleRow[] };
  },

  one: async (q: Q, id: string): Promise<(ConsoleRow & { key_id: string | null; application_id: string | null }) | undefined> =>
    (await base(q).select([...columns, 'i.key_id', 'c.application_id']).where('c.id', '=', id).executeTakeFirst()) as (ConsoleRow & { key_id: string | null; application_id: string | null }) | undefined,

  /** The audit entries about a credential, oldest first, with the actor's name. */
  trail: (q: Q, id: string) =>
    q
      .selectFrom('audit_log as a')
      .leftJoin('users as u', 'u.id', 'a.actor_id')
      .select(['a.at', 'a.action', 'a.details', 'u.name as by'])
      .where('a.subject_type', '=', 'credential')
      .where('a.subject_id', '=', id)
      .orderBy('a.at')
      .orderBy('a.id')
      .execute(),

  keyNumber: async (q: Q, keyId: string): Promise<number | null> => {
    const r = await q.selectFrom('issuer_keys').select('number').where('id', '=', keyId).executeTakeFirst();
    return r ? Number(r.number) : null;
  },

  holder: (q: Q, userId: string) => q.selectFrom('users').select(['name', 'email']).where('id', '=', userId).executeTakeFirstOrThrow(),
};
