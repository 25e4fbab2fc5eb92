import { IssueRequest, IssueResponse, VcApiVerification, VerifyCredentialRequest, VerifyPresentationRequest } from '../../../../contracts/verification.js';
import { contextOf } from '../../../platform/http/auth-hook.js';
import { type ZodApp, access, errorResponses, publicAccess } from '../../../platform/http/zod-app.js';
import { verifyBodyLimit, verifyRateLimit, withRetryAfter } from './verification.routes.js';
import type { VerificationService } from './verification.service.js';

// The W3C VC-API (https://w3c-ccg.github.io/vc-api/) endpoints, under the public URL, for other
// systems and the conformance suites. A verification that fails is answered 400 with the reasons,
// as the specification and its test suites expect; one that passes is 200.

const tags = ['vc-api'];
const errors = { ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] };

export function vcApiRoutes(app: ZodApp, verification: VerificationService, rateLimitPerMinute: number): void {
  app.post('/vc-api/credentials/issue', {
    schema: {
      operationId: 'issueCredential',
      tags,
      summary: 'VC-API: sign a credential as this body (API token with credentials:issue)',
      description:
        'The credential is checked against every structural MUST of the VC 2.0 data model (each refusal names the property and the rule), must name this body’s DID as issuer and must not carry a proof; it is signed with the current issuer key (Data Integrity, eddsa-rdfc-2022). Nothing is stored.',
      ...access({ scope: 'credentials:issue', roles: ['scheme_admin', 'system_admin'] }),
      body: IssueRequest,
      response: { 201: IssueResponse, ...errors },
    },
  }, async (req, reply) => reply.status(201).send({ verifiableCredential: await verification.issue(contextOf(req), req.body.credential) }));

  app.post('/vc-api/credentials/verify', {
    ...verifyBodyLimit,
    config: { rateLimit: verifyRateLimit(rateLimitPerMinute) },
    schema: {
      operationId: 'verifyVcApiCredential',
      tags,
      summary: 'VC-API: verify a credential (200 when valid; 400 with the reasons when not)',
      ...publicAccess,
      body: VerifyCredentialRequest,
      response: { ...errors, 200: VcApiVerification, 400: VcApiVerification.or(errors[400]) },
    },
  }, async (req, reply) => {
    const out = await withRetryAfter(reply, () => verification.vcApiVerifyCredential(req.body.verifiableCredential));
    return reply.status(out.verified ? 200 : 400).send(out);
  });

  app.post('/vc-api/presentations/verify', {
    ...verifyBodyLimit,
    config: { rateLimit: verifyRateLimit(rateLimitPerMinute) },
    schema: {
      operationId: 'verifyVcApiPresentation',
      tags,
      summary: 'VC-API: verify a presentation, its challenge and domain, and every credential in it (200 when valid; 400 with the reasons when not)',
      ...publicAccess,
      body: VerifyPresentationRequest,
      response: { ...errors, 200: VcApiVerification, 400: VcApiVerification.or(errors[400]) },
    },
  }, async (req, reply) => {
    const out = await withRetryAfter(reply, () => verification.vcApiVerifyPresentation(req.body.verifiablePresentation, req.body.options ?? {}));
    return reply.status(out.verified ? 200 : 400).send(out);
  });
}
