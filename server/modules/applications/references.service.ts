import type { z } from 'zod';
import type { AnswerReferenceBody, ReferenceRequestView } from '../../../contracts/applications.js';
import type { Db, Tx } from '../../db/database.js';
import { type Platform, type RequestContext, auditCtx } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import { sha256 } from '../../platform/secrets.js';
import * as repo from './applications.repository.js';
import { mustLoad, step } from './applications.store.js';
import type { Actor } from './applications.types.js';
import { enqueueAssign } from './applications.service.js';
import { answerProblems, type Claim } from './claims.rules.js';

/*
 * Referees answer through a link, without an account: the token in the link is the only key, stored as its
 * SHA-256. A link works once and until it expires; a reminder replaces it with a fresh one.
 */

/** The state machine's actor for a referee: the reference request itself. */
export const refereeActor = (referenceRequestId: string): Actor => ({ userId: referenceRequestId, roles: ['referee'] });

const unknownLink = () =>
  new DomainError('NOT_FOUND', 'This reference link is not valid. Check that it was copied whole, or use the newest e-mail about it: a reminder replaces the earlier link.');

/** Who and what the request is about, for the page and the mails. */
export async function requestContext(q: Db | Tx, applicationId: string) {
  const { app } = await mustLoad(q, applicationId);
  const [{ scheme }, people] = await Promise.all([repo.schemeOfVersion(q, app.schemeVersionId), repo.usersByIds(q, [app.applicantId])]);
  return { app, applicantName: people.get(app.applicantId)?.name ?? 'The applicant', levelName: scheme.levels.find((l) => l.id === app.levelId)?.name ?? app.levelId };
}

export function referencesService(p: Platform) {
  const db = p.database.db;

  /** Expired when marked so, or when its time has passed before the hourly job noticed. */
  const statusAt = (r: repo.ReferenceRow, now: Date): ReferenceRequestView['status'] =>
    r.status === 'awaiting' && Date.parse(r.expires_at) <= now.getTime() ? 'expired' : r.status;

  async function view(q: Db | Tx, r: repo.ReferenceRow, status: ReferenceRequestView['status']): Promise<ReferenceRequestView> {
    const c = await requestContext(q, r.application_id);
    return {
      applicantName: c.applicantName,
      levelName: c.levelName,
      refereeName: r.referee_name,
      relationship: r.relationship,
      expiresAt: r.expires_at,
      status,
      claims: JSON.parse(r.claims) as Claim[],
    };
  }

  return {
    async get(token: string): Promise<ReferenceRequestView> {
      const r = await repo.referenceByTokenHash(db, sha256(token));
      if (!r) throw unknownLink();
      return view(db, r, statusAt(r, p.clock.now()));
    },

    /** Confirms or disputes every claim, once; when it is the last answer, the application goes to assignment. */
    async answer(ctx: RequestContext, token: string, body: z.output<typeof AnswerReferenceBody>): Promise<ReferenceRequestView> {
      const now = p.clock.now();
      const result = await db.transaction().execute(async (tx) => {
        const r = await repo.referenceByTokenHash(tx, sha256(token));
        if (!r) throw unknownLink();
        const status = statusAt(r, now);
        if (status === 'answered') throw new DomainError('CONFLICT', 'This reference has already been answered; the link works once. Thank you.', { rule: 'already_answered' });
        if (status === 'cancelled') throw new DomainError('CONFLICT', 'The application was withdrawn, so no reference is needed any more. Thank you.', { rule: 'cancelled' });
        if (status === 'expired')
          throw new DomainError('INVALID_TOKEN', `This link expired on ${r.expires_at.slice(0, 10)}. The applicant can ask for the reference again.`, { rule: 'expired' });
        const claims = JSON.parse(r.claims) as Claim[];
        const problems = answerProblems(claims, body.answers);
        if (problems.length)
          throw new DomainError('VALIDATION_FAILED', `${problems[0]?.path}: ${problems[0]?.message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, { issues: problems });
        const answers = body.answers.map((a) => ({ claimId: a.claimId, answer: a.answer, comment: a.comment }));
        if (!(await repo.answerReference(tx, r.id, JSON.stringify(answers), now.toISOString())))
          throw new DomainError('CONFLICT', 'This reference has already been answered; the link works once. Thank you.', { rule: 'already_answered' });
        await repo.lockRow(tx, p.database.dialect, 'applications', r.application_id);
        const loaded = await mustLoad(tx, r.application_id);
        const app = await step(tx, loaded, { type: 'referee_answered' }, refereeActor(r.id), { ...auditCtx(ctx), actorId: null }, now, {
          details: { referenceRequestId: r.id, confirmed: answers.filter((a) => a.answer === 'confirm').length, disputed: answers.filter((a) => a.answer === 'dispute').length },
        });
        if (app.state === 'submitted') await enqueueAssign(tx, app.id, loaded.row.revision + 1, now);
        return view(tx, { ...r, status: 'answered' }, 'answered');
      });
      p.nudgeJobs();
      return result;
    },
  };
}
export type ReferencesService = ReturnType<typeof referencesService>;
