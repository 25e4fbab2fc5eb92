import { sql } from 'kysely';
import type { ConsentScope } from '../../../../contracts/organisations-consent.js';
import type { Db, Tx } from '../../../db/database.js';
import { consentedMemberIds } from './consent.repository.js';
import type { CpdStateRow, CredentialRow, MemberFacts, PortfolioRow } from './team.rules.js';

/*
 * Reads what the team view shows of an organisation's consenting members, each source only for the
 * members who granted the scope it belongs to. These are this part's own queries of the credentials,
 * CPD and portfolio tables (read, never written).
 */

function group<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

function portfolioRowOf(kind: string, data: string): PortfolioRow | null {
  try {
    const d = JSON.parse(data) as { title?: unknown; responsibilityLevel?: unknown };
    if (kind === 'certification' && typeof d.title === 'string') return { kind: 'certification', title: d.title };
    if (kind === 'work') return { kind: 'work', responsibilityLevel: typeof d.responsibilityLevel === 'number' ? d.responsibilityLevel : null };
  } catch {
    // An item that does not parse shows nothing (the portfolio's own checks keep this from happening).
  }
  return null;
}

/**
 * The consenting members of the organisation with the facts of the scopes each granted, by name: all of
 * them, or only those of `only` (members whose grants just changed; those who no longer share anything
 * are simply absent).
 */
export async function loadTeam(q: Db | Tx, organisationId: string, only?: readonly string[]): Promise<MemberFacts[]> {
  let grantsQuery = q
    .selectFrom('consent_grants as g')
    .innerJoin('users as u', 'u.id', 'g.member_id')
    .select(['g.member_id', 'g.scope', 'u.name'])
    .where('g.organisation_id', '=', organisationId)
    .where('g.revoked_at', 'is', null)
    .where('u.status', '=', 'active');
  if (only) grantsQuery = grantsQuery.where('g.member_id', 'in', only.length ? only : ['']);
  const grants = await grantsQuery.execute();
  const ids = (scope: ConsentScope) => {
    const consented = consentedMemberIds(q, organisationId, scope);
    return only ? consented.where('member_id', 'in', only.length ? only : ['']) : consented;
  };
  const [credentials, states, portfolio] = await Promise.all([
    q
      .selectFrom('credentials')
      .select(['holder_id', 'level_id', 'level_name', 'status', 'review_at', 'awarded_at'])
      .where('holder_id', 'in', ids('credentials'))
      .execute(),
    q
      .selectFrom('cpd_credential_states as s')
      .select([
        's.member_id',
        's.status',
        's.cycle_end',
        's.next_check_on',
        sql<number>`coalesce((select sum(a.quarters) from cpd_activities a where a.member_id = s.member_id and a.deleted_at is null and a.occurred_on >= s.cycle_start and a.occurred_on <= s.cycle_end), 0)`.as('quarters'),
      ])
      .where('s.member_id', 'in', ids('cpd_standing'))
      .execute(),
    q
      .selectFrom('portfolio_items')
      .select(['member_id', 'kind', 'data'])
      .where('kind', 'in', ['certification', 'work'])
      .where('member_id', 'in', ids('portfolio_summary'))
      .execute(),
  ]);
  const credsBy = group(credentials, (r) => r.holder_id);
  const statesBy = group(states, (r) => r.member_id);
  const itemsBy = group(portfolio, (r) => r.member_id);
  const members = new Map<string, { name: string; scopes: Set<ConsentScope> }>();
  for (const g of grants) {
    const m = members.get(g.member_id) ?? { name: g.name, scopes: new Set<ConsentScope>() };
    m.scopes.add(g.scope);
    members.set(g.member_id, m);
  }
  const order: ConsentScope[] = ['credentials', 'cpd_standing', 'portfolio_summary', 'cpd_plan'];
  return [...members]
    .map(([memberId, m]) => ({
      memberId,
      name: m.name,
      scopes: order.filter((s) => m.scopes.has(s)),
      credentials: m.scopes.has('credentials')
        ? (credsBy.get(memberId) ?? []).map((c): CredentialRow => ({ levelId: c.level_id, levelName: c.level_name, status: c.status, reviewAt: c.review_at, awardedAt: c.awarded_at }))
        : null,
      cpd: m.scopes.has('cpd_standing')
        ? (statesBy.get(memberId) ?? []).map((s): CpdStateRow => ({ status: s.status, cycleEnd: s.cycle_end, nextCheckOn: s.next_check_on, quarters: Number(s.quarters) }))
        : null,
      portfolio: m.scopes.has('portfolio_summary') ? (itemsBy.get(memberId) ?? []).flatMap((i) => portfolioRowOf(i.kind, i.data) ?? []) : null,
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en') || (a.memberId < b.memberId ? -1 : 1));
}
