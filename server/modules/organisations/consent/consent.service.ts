import type { ConsentScope, ConsentViews, ConsentViewsQuery, GrantConsentBody, MyConsents, RevokeConsentBody } from '../../../../contracts/organisations-consent.js';
import { audit } from '../../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx, requireActor } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { toCsv } from '../../cpd/csv.js';
import { queueOrganisationEvent } from '../webhooks/events.js';
import { consentTexts } from './consent-texts.js';
import { activeGrants, activeOrganisations, bumpRevision, grantsOf, organisationName, viewsOf } from './consent.repository.js';

const invalid = (path: string, message: string) => new DomainError('VALIDATION_FAILED', `${path}: ${message}`, { issues: [{ path, message }] });

const encodeCursor = (at: string, id: string) => Buffer.from(`${at}|${id}`).toString('base64url');
function decodeCursor(s: string): { at: string; id: string } {
  const [at, id, ...rest] = Buffer.from(s, 'base64url').toString('utf8').split('|');
  if (!at || !id || rest.length || Number.isNaN(Date.parse(at))) throw invalid('querystring.before', 'Pass the nextCursor of the previous page unchanged');
  return { at, id };
}

/** A member's side of consent: their grants (with the exact words agreed), revoking, and who saw what. */
export function consentService(p: Platform) {
  const db = p.database.db;

  async function listMine(ctx: RequestContext): Promise<MyConsents> {
    const actor = requireActor(ctx);
    const [grants, organisations] = await Promise.all([grantsOf(db, actor.userId), activeOrganisations(db, 500)]);
    return {
      grants: grants.map((g) => ({
        id: g.id,
        organisationId: g.organisation_id,
        organisationName: g.organisation_name,
        scope: g.scope,
        text: g.text,
        textVersion: g.text_version,
        grantedAt: g.granted_at,
        revokedAt: g.revoked_at,
      })),
      texts: Object.values(consentTexts),
      organisations,
    };
  }

  return {
    listMine,

    /**
     * grantConsent: adds the scopes not yet granted to the organisation, each with the words in force.
     * A scope already granted under an older text is granted again under the new one (the old row is
     * ended), so each row says exactly what was agreed.
     */
    async grant(ctx: RequestContext, body: GrantConsentBody): Promise<MyConsents> {
      const actor = requireActor(ctx);
      for (const scope of body.scopes) {
        const shown = body.textVersions?.[scope];
        if (shown !== undefined && shown !== consentTexts[scope].version)
          throw new DomainError('CONFLICT', `The words for "${consentTexts[scope].title}" have changed since you read them: read them again and confirm.`, { scope, version: consentTexts[scope].version });
      }
      const now = p.clock.now();
      const at = now.toISOString();
      await db.transaction().execute(async (tx) => {
        if (!(await organisationName(tx, body.organisationId))) throw new DomainError('NOT_FOUND', 'The organisation was not found.');
        const current = await activeGrants(tx, body.organisationId, actor.userId);
        const added: ConsentScope[] = [];
        const changed: string[] = [];
        for (const scope of body.scopes) {
          const text = consentTexts[scope];
          const old = current.find((g) => g.scope === scope);
          if (old && old.text_version === text.version) continue;
          if (old) await tx.updateTable('consent_grants').set({ revoked_at: at }).where('id', '=', old.id).execute();
          const id = newId();
          await tx
            .insertInto('consent_grants')
            .values({ id, member_id: actor.userId, organisation_id: body.organisationId, scope, text: text.text, text_version: text.version, granted_at: at, revoked_at: null })
            .execute();
          changed.push(id, ...(old ? [old.id] : []));
          added.push(scope);
        }
        if (added.length === 0) return;
        await bumpRevision(tx, body.organisationId, changed);
        await audit(tx, auditCtx(ctx), { action: 'consent.granted', subjectType: 'organisation', subjectId: body.organisationId, details: { scopes: added } }, now);
        await queueOrganisationEvent(tx, { type: 'consent.granted', organisationId: body.organisationId, memberId: actor.userId, data: { scopes: added } }, now);
      });
      p.nudgeJobs();
      return listMine(ctx);
    },

    /** revokeConsent: ends the named scopes (or all) at once; the next request of the organisation no longer sees them. */
    async revoke(ctx: RequestContext, organisationId: string, body: RevokeConsentBody): Promise<MyConsents> {
      const actor = requireActor(ctx);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const current = await activeGrants(tx, organisationId, actor.userId);
        const ending = current.filter((g) => !body.scopes || body.scopes.includes(g.scope));
        if (current.length === 0) throw new DomainError('NOT_FOUND', 'You share nothing with this organisation.');
        if (ending.length === 0) return;
        await tx
          .updateTable('consent_grants')
          .set({ revoked_at: now.toISOString() })
          .where('id', 'in', ending.map((g) => g.id))
          .execute();
        const scopes = ending.map((g) => g.scope);
        await bumpRevision(tx, organisationId, ending.map((g) => g.id));
        await audit(tx, auditCtx(ctx), { action: 'consent.revoked', subjectType: 'organisation', subjectId: organisationId, details: { scopes } }, now);
        await queueOrganisationEvent(tx, { type: 'consent.revoked', organisationId, memberId: actor.userId, data: { scopes } }, now);
      });
      p.nudgeJobs();
      return listMine(ctx);
    },

    /** listMyConsentViews: who at which organisation saw what of the member, and when; newest first. */
    async views(ctx: RequestContext, query: ConsentViewsQuery): Promise<ConsentViews> {
      const actor = requireActor(ctx);
      const before = query.before ? decodeCursor(query.before) : null;
      const rows = await viewsOf(db, actor.userId, before, query.limit + 1);
      const shown = rows.slice(0, query.limit);
      const last = shown.at(-1);
      return {
        views: shown.map((r) => ({
          viewId: r.view_id,
          viewedAt: r.viewed_at,
          organisationId: r.organisation_id,
          organisationName: r.organisation_name,
          viewerName: r.viewer_name,
          operation: r.operation,
          scopes: r.scopes.split(' ').filter(Boolean) as ConsentScope[],
        })),
        nextCursor: rows.length > query.limit && last ? encodeCursor(last.viewed_at, last.view_id) : null,
      };
    },

    /** exportMyConsentViews: the whole view log as CSV (RFC 4180). */
    async viewsCsv(ctx: RequestContext): Promise<string> {
      const actor = requireActor(ctx);
      const rows = await viewsOf(db, actor.userId, null, 100_000);
      return toCsv([
        ['Viewed at', 'Organisation', 'Viewed by', 'Operation', 'What it showed'],
        ...rows.map((r) => [r.viewed_at, r.organisation_name, r.viewer_name, r.operation, r.scopes]),
      ]);
    },
  };
}

export type ConsentService = ReturnType<typeof consentService>;
