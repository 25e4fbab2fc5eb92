import { z } from 'zod';
import {
  AcceptedInvite,
  AddDomainBody,
  ApproveOrganisationBody,
  ChangeRoleBody,
  CreateOrganisationBody,
  DecideOrganisationBody,
  DomainParams,
  InviteBody,
  InviteParams,
  ListOrganisationsQuery,
  MyOrganisations,
  Organisation,
  OrganisationList,
  OrganisationParams,
  OrganisationPeople,
  PersonParams,
  PublicOrganisation,
  RequestOrganisationBody,
  SlugParams,
  TokenBody,
  UpdateOrganisationBody,
  VerifiedDomain,
} from '../../../../contracts/organisations.js';
import { formatBytes } from '../../../platform/files/storage.js';
import { contextOf } from '../../../platform/http/auth-hook.js';
import { readMultipart } from '../../../platform/http/multipart.js';
import { type ZodApp, access, errorResponses, publicAccess, strictRateLimit } from '../../../platform/http/zod-app.js';
import { DomainError } from '../../../platform/errors.js';
import { LOGO_MAX_BYTES, type organisationsService } from './organisations.service.js';
import type { PeopleService } from './people.service.js';

const tags = ['organisations'];
const staffRoles = ['system_admin', 'scheme_admin'] as const;
/** Changes to one organisation: its staff (by role inside it, checked by the service). */
const orgWrite = access({ scope: 'organisations:write', owner: 'object' });
/** The same, and system and scheme administrators. */
const orgReadOrStaff = access({ scope: 'organisations:read', roles: staffRoles, owner: 'object' });
const staffWrite = access({ scope: 'organisations:write', roles: staffRoles });
const uploadErrors = { ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] };

/** HTTP for organisations themselves: lifecycle, details, logo, domains, people and invitations. */
export function coreRoutes(app: ZodApp, orgs: ReturnType<typeof organisationsService>, people: PeopleService): void {
  app.post('/api/v1/organisations', {
    schema: { operationId: 'createOrganisation', tags, summary: 'Create an active organisation and invite its first administrator (system or scheme administrators)', ...staffWrite, body: CreateOrganisationBody, response: { 201: Organisation, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await orgs.create(contextOf(req), req.body)));

  app.post('/api/v1/organisations/requests', {
    schema: { operationId: 'requestOrganisation', tags, summary: 'Ask for an organisation; you become its administrator once a scheme administrator approves it', ...access({ scope: 'organisations:write', owner: 'self' }), body: RequestOrganisationBody, response: { 201: Organisation, ...errorResponses } },
  }, async (req, reply) => reply.status(201).send(await orgs.request(contextOf(req), req.body)));

  app.post('/api/v1/organisations/:organisationId/approve', {
    schema: { operationId: 'approveOrganisation', tags, summary: 'Approve a requested organisation; its requester becomes its administrator', ...staffWrite, params: OrganisationParams, body: ApproveOrganisationBody, response: { 200: Organisation, ...errorResponses } },
  }, async (req) => orgs.approve(contextOf(req), req.params.organisationId, req.body.reason));

  app.post('/api/v1/organisations/:organisationId/decline', {
    schema: { operationId: 'declineOrganisation', tags, summary: 'Decline a requested organisation, with a reason mailed to the requester', ...staffWrite, params: OrganisationParams, body: DecideOrganisationBody, response: { 200: Organisation, ...errorResponses } },
  }, async (req) => orgs.decline(contextOf(req), req.params.organisationId, req.body.reason));

  app.get('/api/v1/organisations', {
    schema: { operationId: 'listOrganisations', tags, summary: 'Organisations: every one for staff (by status), otherwise those you work for or asked for', ...access({ scope: 'organisations:read', roles: staffRoles, owner: 'self' }), querystring: ListOrganisationsQuery, response: { 200: OrganisationList, ...errorResponses } },
  }, async (req) => orgs.list(contextOf(req), req.query));

  app.get('/api/v1/me/organisations', {
    schema: { operationId: 'listMyOrganisations', tags, summary: 'The active organisations you work for, with your role in each', ...access({ scope: 'account:read', owner: 'self' }), response: { 200: MyOrganisations, ...errorResponses } },
  }, async (req) => orgs.listMine(contextOf(req)));

  app.get('/api/v1/organisations/:organisationId', {
    schema: { operationId: 'getOrganisation', tags, summary: 'One organisation you work for: details, logo and domains', ...orgReadOrStaff, params: OrganisationParams, response: { 200: Organisation, ...errorResponses } },
  }, async (req) => orgs.get(contextOf(req), req.params.organisationId));

  app.patch('/api/v1/organisations/:organisationId', {
    schema: { operationId: 'updateOrganisation', tags, summary: "Change the organisation's details (its administrators)", ...orgWrite, params: OrganisationParams, body: UpdateOrganisationBody, response: { 200: Organisation, ...errorResponses } },
  }, async (req) => orgs.update(contextOf(req), req.params.organisationId, req.body));

  app.post('/api/v1/organisations/:organisationId/logo', {
    schema: {
      operationId: 'uploadOrganisationLogo',
      tags,
      summary: "Replace the organisation's logo (its administrators)",
      description: `multipart/form-data with one part \`file\`: PNG or JPEG by content, at most ${formatBytes(LOGO_MAX_BYTES)}.`,
      ...orgWrite,
      params: OrganisationParams,
      response: { 200: Organisation, ...uploadErrors },
    },
  }, async (req) =>
    // The file is read only once the caller is known to be an administrator of this organisation.
    orgs.setLogo(contextOf(req), req.params.organisationId, async () => {
      if (!req.isMultipart()) throw new DomainError('UNSUPPORTED_MEDIA_TYPE', 'Send the logo as multipart/form-data with one part named "file".');
      const { file } = await readMultipart(req, { maxFileBytes: LOGO_MAX_BYTES, tooLarge: `The logo is larger than the limit of ${formatBytes(LOGO_MAX_BYTES)}.` });
      if (!file) throw new DomainError('VALIDATION_FAILED', 'Attach the logo as a PNG or JPEG file.', { issues: [{ path: 'body.file', message: 'Attach a PNG or JPEG file' }] });
      return file.bytes;
    }));

  app.post('/api/v1/organisations/:organisationId/domains', {
    schema: { operationId: 'addOrganisationDomain', tags, summary: 'Add an e-mail domain and mail a confirmation link to an address on it', ...orgWrite, params: OrganisationParams, body: AddDomainBody, response: { 200: Organisation, ...errorResponses } },
    config: strictRateLimit,
  }, async (req) => orgs.addDomain(contextOf(req), req.params.organisationId, req.body));

  app.delete('/api/v1/organisations/:organisationId/domains/:domain', {
    schema: { operationId: 'removeOrganisationDomain', tags, summary: 'Remove an e-mail domain', ...orgWrite, params: DomainParams, response: { 200: Organisation, ...errorResponses } },
  }, async (req) => orgs.removeDomain(contextOf(req), req.params.organisationId, req.params.domain));

  app.post('/api/v1/organisation-domains/verify', {
    schema: { operationId: 'verifyOrganisationDomain', tags, summary: "Confirm a domain with the mailed link's token, signed in as an administrator of its organisation", ...access({ scope: 'organisations:write', owner: 'self' }), body: TokenBody, response: { 200: VerifiedDomain, ...errorResponses } },
    config: strictRateLimit,
  }, async (req) => orgs.verifyDomain(contextOf(req), req.body.token));

  app.get('/api/v1/organisations/:organisationId/people', {
    schema: { operationId: 'listOrganisationPeople', tags, summary: "The organisation's people and roles, and (for administrators) its invitations", ...orgReadOrStaff, params: OrganisationParams, response: { 200: OrganisationPeople, ...errorResponses } },
  }, async (req) => people.list(contextOf(req), req.params.organisationId));

  app.post('/api/v1/organisations/:organisationId/invites', {
    schema: { operationId: 'inviteOrganisationAdmin', tags, summary: 'Invite a colleague by e-mail as admin, hr or line_manager (the link works for 14 days)', ...orgWrite, params: OrganisationParams, body: InviteBody, response: { 201: OrganisationPeople, ...errorResponses } },
    config: strictRateLimit,
  }, async (req, reply) => reply.status(201).send(await people.invite(contextOf(req), req.params.organisationId, req.body)));

  app.delete('/api/v1/organisations/:organisationId/invites/:inviteId', {
    schema: { operationId: 'revokeOrganisationInvite', tags, summary: 'Revoke an invitation not yet accepted', ...orgWrite, params: InviteParams, response: { 200: OrganisationPeople, ...errorResponses } },
  }, async (req) => people.revokeInvite(contextOf(req), req.params.organisationId, req.params.inviteId));

  app.post('/api/v1/organisation-invites/accept', {
    schema: { operationId: 'acceptOrganisationInvite', tags, summary: "Accept an invitation with its link's token, signed in as the invited address", ...access({ scope: 'account:write', owner: 'self' }), body: TokenBody, response: { 200: AcceptedInvite, ...errorResponses } },
    config: strictRateLimit,
  }, async (req) => people.accept(contextOf(req), req.body.token));

  app.put('/api/v1/organisations/:organisationId/people/:userId', {
    schema: { operationId: 'changeOrganisationRole', tags, summary: "Change a person's role in the organisation (never leaving it without an administrator)", ...orgWrite, params: PersonParams, body: ChangeRoleBody, response: { 200: OrganisationPeople, ...errorResponses } },
  }, async (req) => people.changeRole(contextOf(req), req.params.organisationId, req.params.userId, req.body.role));

  app.delete('/api/v1/organisations/:organisationId/people/:userId', {
    schema: { operationId: 'removeOrganisationPerson', tags, summary: 'Remove a person from the organisation, or leave it yourself (never its last administrator)', ...orgWrite, params: PersonParams, response: { 200: OrganisationPeople, ...errorResponses } },
  }, async (req) => people.remove(contextOf(req), req.params.organisationId, req.params.userId));

  app.get('/api/v1/public/organisations/:slug', {
    schema: { operationId: 'getPublicOrganisation', tags, summary: "An active organisation's public profile", ...publicAccess, params: SlugParams, response: { 200: PublicOrganisation, ...errorResponses } },
  }, async (req) => orgs.publicProfile(req.params.slug));

  app.get('/orgs/:slug/logo', { schema: { hide: true, params: z.strictObject({ slug: z.string().max(60) }) } }, async (req, reply) => {
    const f = await orgs.logo(req.params.slug);
    return reply.type(f.mediaType).header('x-content-type-options', 'nosniff').header('cache-control', 'public, max-age=86400').send(f.bytes);
  });
}
