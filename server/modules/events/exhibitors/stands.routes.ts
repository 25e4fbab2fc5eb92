import { OrganisationStands, OrganisationStandsParams } from '../../../../contracts/events-stands.js';
import { contextOf } from '../../../platform/http/auth-hook.js';
import { type ZodApp, access, errorResponses } from '../../../platform/http/zod-app.js';
import type { StandsService } from './stands.service.js';

/** HTTP for an organisation's own stands (its administrators); adding and releasing staff are routes.ts's. */
export function standRoutes(app: ZodApp, s: StandsService): void {
  app.get('/api/v1/organisations/:organisationId/stands', {
    schema: {
      operationId: 'listOrganisationStands',
      tags: ['events'],
      summary: "The organisation's stands at events, with their staff, tickets, check-ins and lead counts (the organisation's administrators)",
      ...access({ scope: 'events:read' }),
      params: OrganisationStandsParams,
      response: { 200: OrganisationStands, ...errorResponses },
    },
  }, async (req) => s.ofOrganisation(contextOf(req), req.params.organisationId));
}
