import type { z } from 'zod';
import type { CheckCredentialsBody, CredentialChecks, RegisterEntry, RegisterListing, SearchRegisterQuery, UpdateRegisterListingBody } from '../../../contracts/register.js';
import type { Tx } from '../../db/database.js';
import { audit } from '../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx, requireActor } from '../../platform/context.js';
import { DomainError } from '../../platform/errors.js';
import type { SchemesService } from '../schemes/schemes.service.js';
import { type RegisterRepository, type StoredCredential, refreshRegisterEntry } from './register.repository.js';
import { anyStartsWith, byteLess, checkAnswer, type Cursor, decodeCursor, encodeCursor, planNameQuery } from './register.rules.js';
import type { Hit, RegisterSearch, WordRow } from './register.search.js';

/** Index rows read at most for one page of a filtered name search (about a millisecond of the database's time). */
const SCAN_WINDOW = 4000;

const invalid = (path: string, message: string) => new DomainError('VALIDATION_FAILED', `${path}: ${message}`, { issues: [{ path, message }] });

const toEntry = (h: Pick<Hit, 'name' | 'country' | 'credentials'>): RegisterEntry => ({ name: h.name, country: h.country, credentials: JSON.parse(h.credentials) as StoredCredential[] });

/**
 * A page of the register as JSON text. Entries keep their credentials as the JSON the answer carries,
 * so a page is spliced together rather than parsed, checked and serialised again (the hot path).
 */
const pageJson = (hits: readonly Hit[], next: string | null): string =>
  `{"results":[${hits.map((h) => `{"name":${JSON.stringify(h.name)},"country":${JSON.stringify(h.country)},"credentials":${h.credentials}}`).join(',')}],"nextCursor":${JSON.stringify(next)}}`;

/** The public register (listed holders only), members' listing choice, and employers' checks by credential id. */
export function registerService(p: Platform, repo: RegisterRepository, find: RegisterSearch, schemes: Pick<SchemesService, 'inForce'>) {
  const db = p.database.db;

  /**
   * A page of a name search, read along the word index in key order. The database filters (country,
   * level, the query's other words) as it reads; here a holder with two matching words is kept under
   * the first. One page reads at most SCAN_WINDOW index rows, so a rare filter over a common prefix
   * cannot make a request slow: the page then holds what was found and a cursor to read on from.
   */
  async function byName(query: SearchRegisterQuery, plan: { lead: string; others: string[] }, after: Cursor | null) {
    const { lead, others } = plan;
    const first = (r: WordRow) => !r.tokens.split(' ').some((w) => w !== r.token && w.startsWith(lead) && byteLess(w, r.token));
    const keyOf = (r: WordRow): Cursor => ({ token: r.token, sortName: r.sortName, holderId: r.holderId });
    const filters = { country: query.country, level: query.level, others };
    const want = query.limit + 1 + 4; // one more to know a next page exists, and room for repeated holders
    const matched: WordRow[] = [];
    let from = after;
    let exhausted = false;
    scan: for (;;) {
      const { rows, windowEnd } = await find.words(lead, from, filters, want, SCAN_WINDOW);
      for (const r of rows) {
        from = keyOf(r);
        if (first(r) && matched.push(r) > query.limit) break scan;
      }
      if (rows.length === want) continue; // only repeated holders in the way: read on
      if (windowEnd) from = windowEnd;
      else exhausted = true;
      break;
    }
    const shown = matched.slice(0, query.limit);
    const next = matched.length > query.limit ? keyOf(shown.at(-1) as WordRow) : exhausted ? null : from;
    // An unfiltered read brought each row's entry with it; a filtered one reads the page's entries now.
    if (shown.every((r) => r.credentials !== undefined)) return { hits: shown as Array<WordRow & Hit>, next };
    const entries = new Map((await find.entries(shown.map((r) => r.holderId))).map((e) => [e.holderId, e]));
    return { hits: shown.flatMap((r) => entries.get(r.holderId) ?? []), next };
  }

  async function listing(ctx: RequestContext): Promise<RegisterListing> {
    const actor = requireActor(ctx);
    const [row, credentials, entry] = await Promise.all([repo.listing(db, actor.userId), repo.credentialCount(db, actor.userId), repo.entry(db, actor.userId)]);
    return {
      listed: row?.listed === 1,
      showCountry: row?.show_country === 1,
      listCertifications: row?.list_certifications === 1,
      listResponsibility: row?.list_responsibility === 1,
      country: actor.country,
      credentials,
      preview: entry ? toEntry(entry) : null,
    };
  }

  // Other modules' indexes that follow a listing choice (candidate search), written in the same transaction.
  const listingFollowers: Array<(tx: Tx, holderId: string, now: Date) => Promise<void>> = [];

  return {
    /** Calls `follower` inside the transaction of every listing choice saved. */
    followListing(follower: (tx: Tx, holderId: string, now: Date) => Promise<void>) {
      listingFollowers.push(follower);
    },
    /** searchRegister (as JSON text, see pageJson): open to anyone; only listed holders with at least one credential. */
    async searchJson(query: SearchRegisterQuery): Promise<string> {
      const plan = query.q ? planNameQuery(query.q) : null;
      if (query.q?.trim() && !plan) throw invalid('querystring.q', 'Enter a name with at least one letter or digit');
      const level = query.level || undefined;
      const country = query.country || undefined;
      if (query.credentialId) {
        const hit = await find.byCredential(query.credentialId);
        const tokens = hit?.tokens.split(' ') ?? [];
        const fits =
          hit &&
          (!country || hit.country === country) &&
          (!level || (JSON.parse(hit.credentials) as StoredCredential[]).some((c) => c.levelId === level)) &&
          (!plan || [plan.lead, ...plan.others].every((w) => anyStartsWith(tokens, w)));
        return pageJson(fits ? [hit] : [], null);
      }
      const kind = plan ? 'name' : level ? 'level' : country ? 'country' : null;
      if (!kind) throw invalid('querystring.q', 'Enter a name, choose a level or a country, or give a credential id');
      const after = query.cursor ? decodeCursor(kind, query.cursor) : null;
      // A name cursor must lie inside the prefix's range: the read seeks to it (see words()).
      if (query.cursor && (!after || (plan && !after.token?.startsWith(plan.lead)))) throw invalid('querystring.cursor', 'This cursor is damaged or belongs to another search; start the search again');
      if (plan) {
        const { hits, next } = await byName({ ...query, level, country }, plan, after);
        return pageJson(hits, next ? encodeCursor(kind, next) : null);
      }
      const f = { after, limit: query.limit + 1, country };
      const rows = level ? await find.byLevel({ ...f, level }) : await find.byCountry({ ...f, country: country as string });
      const shown = rows.slice(0, query.limit);
      const last = shown.at(-1);
      return pageJson(shown, rows.length > query.limit && last ? encodeCursor(kind, { sortName: last.sortName, holderId: last.holderId }) : null);
    },

    /** listRegisterLevels: the levels of the scheme in force, for the search form. */
    async levels() {
      const v = await schemes.inForce();
      return { levels: (v?.scheme.levels ?? []).map((l) => ({ id: l.id, name: l.name })) };
    },

    listing,

    async updateListing(ctx: RequestContext, body: z.output<typeof UpdateRegisterListingBody>): Promise<RegisterListing> {
      const actor = requireActor(ctx);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        await repo.saveListing(tx, {
          holder_id: actor.userId,
          listed: body.listed ? 1 : 0,
          show_country: body.showCountry ? 1 : 0,
          list_certifications: body.listCertifications ? 1 : 0,
          list_responsibility: body.listResponsibility ? 1 : 0,
          updated_at: now.toISOString(),
        });
        await refreshRegisterEntry(tx, actor.userId, now);
        for (const follow of listingFollowers) await follow(tx, actor.userId, now);
        await audit(tx, auditCtx(ctx), { action: 'register.listing_updated', subjectType: 'user', subjectId: actor.userId, details: body }, now);
      });
      return listing(ctx);
    },

    /**
     * checkCredentials: an API token with register:read, or an employer administrator (or scheme or
     * system administrator) signed in. One answer per id, in the order given; see checkAnswer for what
     * is said about an unlisted holder.
     */
    async check(ctx: RequestContext, body: z.output<typeof CheckCredentialsBody>): Promise<z.infer<typeof CredentialChecks>> {
      const actor = requireActor(ctx);
      if (actor.via === 'session' && !['employer_admin', 'scheme_admin', 'system_admin'].some((r) => actor.roles.has(r as never)))
        throw new DomainError('FORBIDDEN', 'Checking credentials in bulk needs the employer administrator role, or an API token with the register:read scope.', { requiredScope: 'register:read' });
      const ids = body.credentialIds.map((id) => id.toLowerCase());
      const rows = await repo.credentialFacts(db, [...new Set(ids)]);
      const byId = new Map(
        rows.map((r) => [
          r.id,
          { id: r.id, levelId: r.level_id, levelName: r.level_name, postNominals: r.post_nominals, awardedAt: r.awarded_at, reviewAt: r.review_at, status: r.status, holderName: r.name, listed: r.listed === 1 },
        ]),
      );
      const now = p.clock.now();
      const results = ids.map((id) => checkAnswer(id, byId.get(id)));
      await audit(db, auditCtx(ctx), { action: 'register.credentials_checked', details: { count: ids.length, found: results.filter((r) => r.found).length, via: actor.via } }, now);
      return { checkedAt: now.toISOString(), results };
    },
  };
}
export type RegisterService = ReturnType<typeof registerService>;
