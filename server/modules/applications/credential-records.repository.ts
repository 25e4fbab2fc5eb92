import type { Insertable, Selectable } from 'kysely';
import type { CredentialRecord } from '../../../contracts/applications.js';
import type { Scheme } from '../../../contracts/scheme.js';
import type { Db, Tx } from '../../db/database.js';
import type { CredentialsTable } from '../../db/schema.js';
import { newId } from '../../platform/ids.js';

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

/** When a scheme does not say how many years an award lasts before its review. */
const DEFAULT_REVIEW_YEARS = 3;

/** The record of a level awarded at `now`: active, with the level's name and letters and its review date. */
export function awardedRecord(a: { scheme: Scheme; schemeVersionId: string; holderId: string; applicationId: string; levelId: string; now: Date }) {
  const level = a.scheme.levels.find((l) => l.id === a.levelId);
  const review = new Date(a.now);
  review.setUTCFullYear(review.getUTCFullYear() + (a.scheme.assessment?.reviewYears ?? DEFAULT_REVIEW_YEARS));
  const at = a.now.toISOString();
  return {
    id: newId(),
    holder_id: a.holderId,
    application_id: a.applicationId,
    scheme_version_id: a.schemeVersionId,
    level_id: a.levelId,
    level_name: level?.name ?? a.levelId,
    post_nominals: level?.postNominals ?? null,
    awarded_at: at,
    review_at: review.toISOString(),
    status: 'active' as const,
    status_changed_at: at,
    created_at: at,
  };
}

export const credentialsRepository = {
  insert: (q: Q, row: Insertable<CredentialsTable>) => q.insertInto('credentials').values(row).execute(),
  ofApplication: (q: Q, applicationId: string): Promise<CredentialRow | undefined> =>
    q.selectFrom('credentials').selectAll().where('application_id', '=', applicationId).executeTakeFirst(),
  /** A holder's records, newest award first. */
  ofHolder: (q: Q, holderId: string): Promise<CredentialRow[]> =>
    q.selectFrom('credentials').selectAll().where('holder_id', '=', holderId).orderBy('awarded_at', 'desc').orderBy('id', 'desc').execute(),
};
export type CredentialsRepository = typeof credentialsRepository;
