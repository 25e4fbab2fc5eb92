import { ChangeStatusBody, ConsoleCredentialList, CredentialHistory, FindCredentialsQuery, Reissued, ReissueBody } from '../../../../contracts/credentials-console.js';
import { CredentialParams } from '../../../../contracts/credentials.js';
import { contextOf } from '../../../platform/http/auth-hook.js';
import { type ZodApp, access, errorResponses } from '../../../platform/http/zod-app.js';
import type { ConsoleService } from './console.service.js';

const tags = ['credentials'];
const staff = access({ scope: 'admin', roles: ['scheme_admin'] });

/** The staff console of credentials (scheme administrators). */
export function consoleRoutes(app: ZodApp, console: ConsoleService): void {
  app.get('/api/v1/admin/credentials', {
    schema: {
      operationId: 'findCredentials',
      tags,
      summary: 'Find credentials by the holder’s name or e-mail, a credential id, level or status, newest first (scheme administrators)',
      ...staff,
      querystring: FindCredentialsQuery,
      response: { 200: ConsoleCredentialList, ...errorResponses },
    },
  }, async (req) => console.find(contextOf(req), req.query));

  app.get('/api/v1/admin/credentials/:credentialId', {
    schema: {
      operationId: 'getCredentialHistory',
      tags,
      summary: 'A credential with its history: award, signing, every status change with its reason and who made it, re-issues (scheme administrators)',
      ...staff,
      params: CredentialParams,
      response: { 200: CredentialHistory, ...errorResponses },
    },
  }, async (req) => console.history(contextOf(req), req.params.credentialId));

  app.post('/api/v1/admin/credentials/:credentialId/status', {
    schema: {
      operationId: 'changeCredentialStatus',
      tags,
      summary: 'Suspend, reinstate or revoke a credential with a reason (scheme administrators): its status bit flips at once, the change is audited and the holder mailed',
      description: 'Revoking is final and needs confirmRevoke: true. A revoked credential is refused any change (409), as is a change to the status it already has.',
      ...staff,
      params: CredentialParams,
      body: ChangeStatusBody,
      response: { 200: CredentialHistory, ...errorResponses },
    },
  }, async (req) => console.changeStatus(contextOf(req), req.params.credentialId, req.body));

  app.post('/api/v1/admin/credentials/:credentialId/reissue', {
    schema: {
      operationId: 'reissueCredential',
      tags,
      summary: 'Re-issue an active credential with the holder’s current details (after a name change): a new credential is signed and the old one revoked as superseded (scheme administrators)',
      ...staff,
      params: CredentialParams,
      body: ReissueBody,
      response: { 200: Reissued, ...errorResponses },
    },
  }, async (req) => console.reissue(contextOf(req), req.params.credentialId, req.body.reason));
}
