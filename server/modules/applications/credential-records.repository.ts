import type { Insertable, Selectable } from 'kysely';
import type { CredentialRecord } from '../../../contracts/applications.js';
import type { Db, Tx } from '../../db/database.js';
import type { CredentialsTable } from '../../db/schema.js';

/* The credential records an award writes, and a member's own list of them. */

type Q = Db | Tx;
export type CredentialRow = Selectable<CredentialsTable>;

export const recordOf = (r: CredentialRow): CredentialRecord => ({
  id: r.id,
  levelId: r.level_id,
  levelName: r.level_name,
  postNominals: r.post_nominals,
  awardedAt: r.awarded_at,
  reviewAt: r.review_at,
  status: r.status,
  applicationId: r.application_id,
  schemeVersionId: r.scheme_version_id,
});

export const credentialsRepository = {
  insert: (q: Q, row: Insertable<CredentialsTable>) => q.insertInto('credentials').values(row).execute(),
  ofApplication: (q: Q, applicationId: string): Promise<CredentialRow | undefined> =>
    q.selectFrom('credentials').selectAll().where('application_id', '=', applicationId).executeTakeFirst(),
  /** A holder's records, newest award first. */
  ofHolder: (q: Q, holderId: string): Promise<CredentialRow[]> =>
    q.selectFrom('credentials').selectAll().where('holder_id', '=', holderId).orderBy('awarded_at', 'desc').orderBy('id', 'desc').execute(),
};
export type CredentialsRepository = typeof credentialsRepository;
