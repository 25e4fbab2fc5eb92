import type { z } from 'zod';
import { type ConsentList, type ConsentRecord, consentPurposes, type SetConsentBody } from '../../../contracts/privacy.js';
import { audit } from '../../platform/audit.js';
import { auditCtx, type Platform, type RequestContext, requireActor } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import { consentTexts as organisationTexts } from '../organisations/consent/consent-texts.js';
import { privacyTexts } from './consent-texts.js';
import { consentsOf, organisationGrantsOf, recordChoice } from './consents.repository.js';
import { memberOf } from './member.js';

/** listConsents and setConsent: every optional thing a member agreed to, with the words and dates. */
export function consentsService(p: Platform) {
  const db = p.database.db;
  return {
    async list(ctx: RequestContext, memberId?: string): Promise<ConsentList> {
      const member = await memberOf(db, ctx, memberId);
      const [own, grants] = await Promise.all([consentsOf(db, member.id), organisationGrantsOf(db, member.id)]);
      const consents: ConsentRecord[] = [
        ...own.map((c) => ({ id: c.id, kind: c.purpose, title: privacyTexts[c.purpose]?.title ?? c.purpose, organisationId: null, text: c.text, textVersion: c.text_version, agreedAt: c.agreed_at, withdrawnAt: c.withdrawn_at })),
        ...grants.map((g) => ({
          id: g.id,
          kind: 'organisation_sharing' as const,
          title: `${organisationTexts[g.scope]?.title ?? g.scope}, shared with ${g.organisation_name}`,
          organisationId: g.organisation_id,
          text: g.text,
          textVersion: g.text_version,
          agreedAt: g.granted_at,
          withdrawnAt: g.revoked_at,
        })),
      ];
      consents.sort((a, b) => (a.agreedAt === b.agreedAt ? b.id.localeCompare(a.id) : b.agreedAt.localeCompare(a.agreedAt)));
      return { memberId: member.id, consents, texts: consentPurposes.map((purpose) => privacyTexts[purpose]) };
    },

    async set(ctx: RequestContext, body: z.output<typeof SetConsentBody>): Promise<ConsentList> {
      const actor = requireActor(ctx);
      const text = privacyTexts[body.purpose];
      if (body.agreed && body.textVersion && body.textVersion !== text.version) {
        throw new DomainError('CONFLICT', 'The words have changed since you read them: read them again and agree to the new version.', { purpose: body.purpose, version: text.version });
      }
      if (body.purpose === 'register_listing') {
        throw new DomainError('VALIDATION_FAILED', 'The register listing follows your listing choice: change it on the register page.', { field: 'purpose' });
      }
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        if (await recordChoice(tx, actor.userId, body.purpose, body.agreed, now)) {
          await audit(tx, auditCtx(ctx), { action: body.agreed ? 'privacy.consent_given' : 'privacy.consent_withdrawn', subjectType: 'user', subjectId: actor.userId, details: { purpose: body.purpose, version: text.version } }, now);
        }
      });
      return this.list(ctx);
    },
  };
}
export type ConsentsService = ReturnType<typeof consentsService>;
