import type { ConsentScope, TeamMember, TeamView, TeamViewQuery } from '../../../../contracts/organisations-consent.js';
import type { Platform, RequestContext } from '../../../platform/context.js';
import { toCsv } from '../../cpd/csv.js';
import { organisationRoles, requireOrganisationRole } from '../membership.js';
import { membersChangedSince, snapshotKey } from './consent.repository.js';
import { loadTeam } from './team.repository.js';
import { viewLog } from './view-log.js';
import { csvRows, figuresOf, filterRows, foldName, type MemberFacts, newTally, rowOf, type Tally, tallyMember } from './team.rules.js';

/**
 * How long a snapshot serves before it is read again in the background. Consent and credential status
 * changes show at the next request whatever this says (they change the key); this bounds how stale the
 * rest may be (a name, CPD hours logged, a portfolio edit, the daily standing job's at-risk marks).
 */
const MAX_AGE_MS = 30_000;
/** Organisations whose snapshot is kept; the least recently built is dropped first. */
const MAX_SNAPSHOTS = 50;
/** More changed members than this since the snapshot, and the whole team is read again instead. */
const MAX_DELTA = 500;

type Row = TeamMember & { folded: string };
type Snapshot = {
  revision: number;
  epoch: number;
  builtAt: number;
  facts: Map<string, { facts: MemberFacts; row: Row }>;
  rows: Row[]; // by name, then member id
  tally: Tally;
  /** The answer's figures and level list, made from the tally on first use. */
  shown?: { figures: TeamView['figures']; levels: TeamView['levels'] };
};

/** The scopes of a member a row shows (the plan is not part of the team view). */
const shownScopes = (r: TeamMember): ConsentScope[] => r.scopes.filter((s) => s !== 'cpd_plan');
const before = (a: Row, b: Row) => a.name.localeCompare(b.name, 'en') || (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0);
const rowFor = (m: MemberFacts): Row => ({ ...rowOf(m), folded: foldName(m.name) });

/**
 * The team view: the organisation's consenting members as a table with filters and paging, and the
 * figures for its charts. The team is read once into a snapshot, kept per organisation and keyed by the
 * consent revision and the credential status epoch; each request then filters in memory. A consent
 * change reads only the members whose grants changed (their rows and their share of the figures are
 * replaced); a credential status change reads the whole team again. One read per organisation at a time:
 * concurrent requests wait for the same one. Every answer that shows members' data logs the view, one
 * row per member shown.
 */
export function teamService(p: Platform) {
  const db = p.database.db;
  const snapshots = new Map<string, Snapshot>();
  const reading = new Map<string, Promise<Snapshot>>();
  const log = viewLog(db);

  async function full(organisationId: string, key: { revision: number; epoch: number }): Promise<Snapshot> {
    const members = await loadTeam(db, organisationId);
    const tally = newTally(p.clock.now());
    const facts = new Map<string, { facts: MemberFacts; row: Row }>();
    const rows: Row[] = [];
    for (const m of members) {
      const row = rowFor(m);
      facts.set(m.memberId, { facts: m, row });
      rows.push(row);
      tallyMember(tally, m, row, 1);
    }
    return { ...key, builtAt: performance.now(), facts, rows, tally };
  }

  /** The snapshot with the changed members' rows and figures replaced (copied: answers in flight keep theirs). */
  async function delta(organisationId: string, kept: Snapshot, key: { revision: number; epoch: number }, changed: string[]): Promise<Snapshot> {
    const fresh = await loadTeam(db, organisationId, changed);
    const tally: Tally = {
      ...kept.tally,
      levels: new Map([...kept.tally.levels].map(([k, v]) => [k, { ...v }])),
      standing: new Map([...kept.tally.standing].map(([k, v]) => [k, { ...v }])),
      responsibility: new Map([...kept.tally.responsibility].map(([k, v]) => [k, { ...v }])),
      certifications: new Map([...kept.tally.certifications].map(([k, v]) => [k, { ...v }])),
      windows: kept.tally.windows.map((w) => ({ ...w })),
    };
    const facts = new Map(kept.facts);
    const gone = new Set(changed);
    for (const id of changed) {
      const old = facts.get(id);
      if (old) tallyMember(tally, old.facts, old.row, -1);
      facts.delete(id);
    }
    const added: Row[] = [];
    for (const m of fresh) {
      const row = rowFor(m);
      facts.set(m.memberId, { facts: m, row });
      tallyMember(tally, m, row, 1);
      added.push(row);
    }
    const rows = kept.rows.filter((r) => !gone.has(r.memberId));
    for (const r of added.sort(before)) {
      let lo = 0;
      let hi = rows.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (before(rows[mid] as Row, r) < 0) lo = mid + 1;
        else hi = mid;
      }
      rows.splice(lo, 0, r);
    }
    return { ...key, builtAt: kept.builtAt, facts, rows, tally }; // shown is made afresh from the new tally
  }

  function remember(organisationId: string, snap: Snapshot): Snapshot {
    const kept = snapshots.get(organisationId);
    // A slower read of an older state must not replace a newer one.
    if (kept && (kept.epoch > snap.epoch || (kept.epoch === snap.epoch && kept.revision > snap.revision))) return kept;
    snapshots.delete(organisationId);
    snapshots.set(organisationId, snap);
    if (snapshots.size > MAX_SNAPSHOTS) snapshots.delete(snapshots.keys().next().value as string);
    return snap;
  }

  /** Reads (once at a time per organisation) what the snapshot needs to be at `key`. */
  function refresh(organisationId: string, key: { revision: number; epoch: number }, kept: Snapshot | undefined): Promise<Snapshot> {
    const inFlight = reading.get(organisationId);
    if (inFlight) return inFlight;
    const read = (async () => {
      if (kept && kept.epoch === key.epoch && kept.revision < key.revision) {
        const changed = await membersChangedSince(db, organisationId, kept.revision);
        if (changed.length <= MAX_DELTA) return remember(organisationId, await delta(organisationId, kept, key, changed));
      }
      return remember(organisationId, await full(organisationId, key));
    })().finally(() => reading.delete(organisationId));
    reading.set(organisationId, read);
    return read;
  }

  async function snapshotOf(organisationId: string): Promise<Snapshot> {
    const key = await snapshotKey(db, organisationId);
    const kept = snapshots.get(organisationId);
    if (kept && kept.revision === key.revision && kept.epoch === key.epoch) {
      // Old but not outdated by consent or status: answer from it and read the team again meanwhile.
      if (performance.now() - kept.builtAt >= MAX_AGE_MS && !reading.has(organisationId))
        refresh(organisationId, key, undefined).catch((err) => p.logger.warn({ err, organisationId }, 'team view: refreshing the snapshot failed'));
      return kept;
    }
    let snap = await refresh(organisationId, key, kept);
    // A read already under way may be of an older state: read again until the snapshot is at least at the key.
    while (snap.epoch < key.epoch || (snap.epoch === key.epoch && snap.revision < key.revision)) snap = await refresh(organisationId, key, snap);
    return snap;
  }

  async function logShown(organisationId: string, userId: string, operation: string, rows: readonly TeamMember[]) {
    const members = rows.map((r) => ({ memberId: r.memberId, scopes: shownScopes(r) }));
    await log.record({ organisationId, viewerId: userId, operation, members, at: p.clock.now() });
  }

  const strip = ({ folded: _, ...r }: Row): TeamMember => r;
  const shownOf = (snap: Snapshot) => {
    snap.shown ??= { figures: figuresOf(snap.tally), levels: [...snap.tally.levels].map(([id, v]) => ({ id, name: v.label })).sort((a, b) => a.name.localeCompare(b.name, 'en')) };
    return snap.shown;
  };

  return {
    /** getTeamView: a page of the table (filtered) and the whole team's figures. */
    async view(ctx: RequestContext, organisationId: string, query: TeamViewQuery): Promise<TeamView> {
      const { actor } = await requireOrganisationRole(db, ctx, organisationId, organisationRoles);
      const snap = await snapshotOf(organisationId);
      const matching = filterRows(snap.rows, query, p.clock.now());
      const pages = Math.max(1, Math.ceil(matching.length / query.limit));
      const members = matching.slice((query.page - 1) * query.limit, query.page * query.limit).map(strip);
      await logShown(organisationId, actor.userId, 'getTeamView', members);
      const { figures, levels } = shownOf(snap);
      return { organisationId, members, total: matching.length, page: query.page, pages, levels, figures };
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
