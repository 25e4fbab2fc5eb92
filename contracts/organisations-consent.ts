import { z } from 'zod';

/*
 * Members' consent to organisations and the team view it opens: listMyConsents, grantConsent,
 * revokeConsent, listMyConsentViews, exportMyConsentViews, getTeamView, exportTeamView.
 */

export const consentScopes = ['credentials', 'cpd_standing', 'portfolio_summary', 'cpd_plan'] as const;
export const ConsentScope = z.enum(consentScopes, { error: `Choose scopes from ${consentScopes.join(', ')}` });
export type ConsentScope = z.infer<typeof ConsentScope>;

/** CPD standing as an organisation sees it (the lapse states, in plain words). */
export const cpdStandings = ['on_track', 'at_risk', 'suspended', 'lapsed'] as const;
export const CpdStanding = z.enum(cpdStandings, { error: `Choose a standing from ${cpdStandings.join(', ')}` });
export type CpdStanding = z.infer<typeof CpdStanding>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const organisationId = z.string().regex(UUID, 'An organisation id looks like 0190a5b2-7c1e-7abc-8def-0123456789ab');

export const OrganisationParams = z.strictObject({ organisationId });

export const ConsentText = z.object({ scope: ConsentScope, version: z.string(), title: z.string(), text: z.string() });
export type ConsentText = z.infer<typeof ConsentText>;

export const ConsentGrant = z.object({
  id: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  scope: ConsentScope,
  text: z.string().describe('The exact words you agreed to'),
  textVersion: z.string(),
  grantedAt: z.string(),
  revokedAt: z.string().nullable(),
});
export type ConsentGrant = z.infer<typeof ConsentGrant>;

export const MyConsents = z.object({
  grants: z.array(ConsentGrant).describe('Every grant you made, newest first; revoked ones stay listed with the date'),
  texts: z.array(ConsentText).describe('The words in force for each scope, as a new grant records them'),
  organisations: z.array(z.object({ id: z.string(), name: z.string() })).describe('Organisations you may grant sight to'),
});
export type MyConsents = z.infer<typeof MyConsents>;

export const GrantConsentBody = z.strictObject({
  organisationId,
  scopes: z.array(ConsentScope).min(1, 'Choose at least one thing to share').max(consentScopes.length).refine((s) => new Set(s).size === s.length, 'Name each scope once'),
  textVersions: z
    .record(z.string(), z.string().max(40))
    .optional()
    .describe('The version of each scope’s text you were shown; refused when the text has changed since'),
});
export type GrantConsentBody = z.infer<typeof GrantConsentBody>;

export const RevokeConsentBody = z.strictObject({
  scopes: z.array(ConsentScope).min(1, 'Name at least one scope, or leave scopes out to revoke all').max(consentScopes.length).optional().describe('Leave out to revoke everything granted to the organisation'),
});
export type RevokeConsentBody = z.infer<typeof RevokeConsentBody>;

export const ConsentViewsQuery = z.strictObject({
  before: z.string().max(200).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number({ error: 'Give the page size as a number' }).int('Give a whole number').min(1, 'Ask for at least 1').max(200, 'Ask for at most 200 a page').default(50),
});
export type ConsentViewsQuery = z.output<typeof ConsentViewsQuery>;

export const ConsentView = z.object({
  viewId: z.string(),
  viewedAt: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  viewerName: z.string().describe('The person at the organisation who looked'),
  operation: z.string().describe('What they did: getTeamView (the team page) or exportTeamView (a CSV export)'),
  scopes: z.array(ConsentScope).describe('What of yours it showed'),
});
export type ConsentView = z.infer<typeof ConsentView>;
export const ConsentViews = z.object({ views: z.array(ConsentView), nextCursor: z.string().nullable() });
export type ConsentViews = z.infer<typeof ConsentViews>;

// Empty query parameters (as a plain HTML form sends them) mean "not given".
const blank = (v: unknown) => (v === '' ? undefined : v);
export const TeamViewQuery = z.strictObject({
  q: z.string().max(100, 'Use at most 100 characters').optional().describe('Part of a name'),
  level: z.preprocess(blank, z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'Choose a level from the list').optional()),
  status: z.preprocess(blank, z.enum(['active', 'suspended', 'lapsed', 'revoked'], { error: 'Choose a status: active, suspended, lapsed or revoked' }).optional()),
  standing: z.preprocess(blank, CpdStanding.optional()),
  reviewWithinDays: z.preprocess(
    blank,
    z.coerce.number({ error: 'Give the days as a number' }).int('Give a whole number of days').min(0, 'Give 0 days or more').max(3660, 'Give at most 3660 days').optional(),
  ),
  page: z.coerce.number({ error: 'Give the page as a number' }).int('Give a whole number').min(1, 'Pages start at 1').max(100_000, 'Ask for page 100000 at most').default(1),
  limit: z.coerce.number({ error: 'Give the page size as a number' }).int('Give a whole number').min(1, 'Ask for at least 1').max(100, 'Ask for at most 100 a page').default(25),
});
export type TeamViewQuery = z.output<typeof TeamViewQuery>;

export const TeamMember = z.object({
  memberId: z.string(),
  name: z.string(),
  scopes: z.array(ConsentScope).describe('What this member shares with the organisation'),
  levelId: z.string().nullable().describe('Credentials scope: the level of their latest credential'),
  levelName: z.string().nullable(),
  status: z.enum(['active', 'suspended', 'lapsed', 'revoked']).nullable(),
  reviewDue: z.string().nullable().describe('Credentials scope: the earliest review date of a credential in force'),
  standing: CpdStanding.nullable().describe('CPD standing scope'),
  hoursThisCycle: z.number().nullable().describe('CPD standing scope: hours logged in the current cycle'),
  responsibilityLevel: z.number().int().nullable().describe('Portfolio summary scope: the highest responsibility level claimed'),
  certifications: z.array(z.string()).nullable().describe('Portfolio summary scope: certification titles'),
});
export type TeamMember = z.infer<typeof TeamMember>;

const Count = z.object({ key: z.string(), label: z.string(), count: z.number().int() });
export type Count = z.infer<typeof Count>;

export const TeamFigures = z.object({
  members: z.number().int().describe('Members who share anything with the organisation'),
  levels: z.array(Count).describe('Levels held (members who share credentials)'),
  standing: z.array(Count).describe('CPD standing (members who share it)'),
  upcoming: z
    .array(z.object({ key: z.string(), label: z.string(), reviewDue: z.number().int(), atRisk: z.number().int() }))
    .describe('In each 30 days of the next 90: credentials due for review (credentials scope) and CPD cycles ending short (CPD standing scope)'),
  responsibility: z.array(Count).describe('Highest responsibility level claimed (portfolio summary scope)'),
  certifications: z.array(Count).describe('The most held certifications (portfolio summary scope), at most 10'),
});
export type TeamFigures = z.infer<typeof TeamFigures>;

export const TeamView = z.object({
  organisationId: z.string(),
  members: z.array(TeamMember),
  total: z.number().int().describe('Members matching the filters'),
  page: z.number().int(),
  pages: z.number().int(),
  levels: z.array(z.object({ id: z.string(), name: z.string() })).describe('Levels to filter by'),
  figures: TeamFigures,
});
export type TeamView = z.infer<typeof TeamView>;
