import type { ConsentScope, TeamFigures, TeamMember, TeamView, TeamViewQuery } from '../../../../contracts/organisations-consent.js';
import type { Platform, RequestContext } from '../../../platform/context.js';
import { toCsv } from '../../cpd/csv.js';
import { organisationRoles, requireOrganisationRole } from '../membership.js';
import { logView, snapshotKey } from './consent.repository.js';
import { loadTeam } from './team.repository.js';
import { csvRows, figuresOf, filterRows, foldName, rowOf } from './team.rules.js';

/**
 * How long a snapshot may serve once read. Consent and credential status changes show at the next
 * request whatever this says (they change the key); this bounds how stale the rest may be (a name, CPD
 * hours logged, a portfolio edit, the daily standing job's at-risk marks).
 */
const MAX_AGE_MS = 30_000;
/** Organisations whose snapshot is kept; the least recently built is dropped first. */
const MAX_SNAPSHOTS = 50;

type Row = TeamMember & { folded: string };
type Snapshot = { key: string; builtAt: number; rows: Row[]; figures: TeamFigures; levels: Array<{ id: string; name: string }> };

/** The scopes of a member a row shows (the plan is not part of the team view). */
const shownScopes = (r: TeamMember): ConsentScope[] => r.scopes.filter((s) => s !== 'cpd_plan');

/**
 * The team view: the organisation's consenting members as a table with filters and paging, and the
 * figures for its charts. The whole team is read once into a snapshot, kept per organisation and keyed
 * by the consent revision and the credential status epoch; each request then filters in memory. Every
 * answer that shows members' data logs the view, one row per member shown.
 */
export function teamService(p: Platform) {
  const db = p.database.db;
  const snapshots = new Map<string, Snapshot>();

  async function snapshotOf(organisationId: string): Promise<Snapshot> {
    const key = await snapshotKey(db, organisationId);
    const kept = snapshots.get(organisationId);
    if (kept && kept.key === key && performance.now() - kept.builtAt < MAX_AGE_MS) return kept;
    const members = await loadTeam(db, organisationId);
    const rows = members.map((m) => ({ ...rowOf(m), folded: foldName(m.name) }));
    const levels = new Map<string, string>();
    for (const m of members) for (const c of m.credentials ?? []) levels.set(c.levelId, c.levelName);
    const snap: Snapshot = {
      key,
      builtAt: performance.now(),
      rows,
      figures: figuresOf(members, rows, p.clock.now()),
      levels: [...levels].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, 'en')),
    };
    snapshots.delete(organisationId);
    snapshots.set(organisationId, snap);
    if (snapshots.size > MAX_SNAPSHOTS) snapshots.delete(snapshots.keys().next().value as string);
    return snap;
  }

  async function logShown(organisationId: string, userId: string, operation: string, rows: readonly TeamMember[]) {
    const members = rows.map((r) => ({ memberId: r.memberId, scopes: shownScopes(r) }));
    await db.transaction().execute((tx) => logView(tx, { organisationId, viewerId: userId, operation, members }, p.clock.now()));
  }

  const strip = ({ folded: _, ...r }: Row): TeamMember => r;

  return {
    /** getTeamView: a page of the table (filtered) and the whole team's figures. */
    async view(ctx: RequestContext, organisationId: string, query: TeamViewQuery): Promise<TeamView> {
      const { actor } = await requireOrganisationRole(db, ctx, organisationId, organisationRoles);
      const snap = await snapshotOf(organisationId);
      const matching = filterRows(snap.rows, query, p.clock.now());
      const pages = Math.max(1, Math.ceil(matching.length / query.limit));
      const members = matching.slice((query.page - 1) * query.limit, query.page * query.limit).map(strip);
      await logShown(organisationId, actor.userId, 'getTeamView', members);
      return { organisationId, members, total: matching.length, page: query.page, pages, levels: snap.levels, figures: snap.figures };
    },

    /** exportTeamView: every member matching the filters (paging ignored) as CSV. */
    async exportCsv(ctx: RequestContext, organisationId: string, query: TeamViewQuery): Promise<string> {
      const { actor } = await requireOrganisationRole(db, ctx, organisationId, organisationRoles);
      const snap = await snapshotOf(organisationId);
      const rows = filterRows(snap.rows, query, p.clock.now()).map(strip);
      await logShown(organisationId, actor.userId, 'exportTeamView', rows);
      return toCsv(csvRows(rows));
    },
  };
}

export type TeamService = ReturnType<typeof teamService>;
