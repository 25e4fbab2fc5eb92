import type { Platform } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import type { SchemesService } from '../schemes/schemes.service.js';
import { credentialsRepository } from './credentials.repository.js';
import { credentialsRoutes } from './credentials.routes.js';
import { statusEpoch } from './status/epoch.js';
import { BatchSigner, WORKERS_FROM } from './issuing/batch-sign.js';
import { issuerService } from './issuing/issuer.service.js';
import { issuingJobs } from './issuing/issuing.jobs.js';
import { issuingService } from './issuing/issuing.service.js';
import { publicService } from './public/public.service.js';
import { ownResolver } from './resolver.js';
import { statusService } from './status/status.service.js';
import { consoleRoutes } from './console/console.routes.js';
import { consoleService } from './console/console.service.js';
import { drawingPool, siblingModule } from '../../platform/workers.js';

/**
 * For other modules. changeCredentialStatus(tx, credentialId, to, reason, by, now) changes a
 * credential's status in the caller's transaction and flips its status list bit (a CPD lapse calls it
 * with 'lapsed'). requestIssue(tx, credentialId, now) asks for a credential record's verifiable
 * credential to be issued promptly (the sweep finds it within a minute anyway); nudge the worker after
 * the commit.
 */
export { changeCredentialStatus } from './status/status.service.js';
export { ISSUE_JOB, requestIssue } from './issuing/issuing.service.js';

/** Issuing verifiable credentials: keys and DID document, issuing, status lists, public answers. */
export function registerCredentials(app: ZodApp, p: Platform, schemes: Pick<SchemesService, 'compiledVersion' | 'inForce'>) {
  const repo = credentialsRepository;
  const epoch = statusEpoch(p, repo);
  const issuer = issuerService(p, repo, epoch);
  const status = statusService(p, repo, epoch, issuer);
  // One batch signer for the process (level credentials, credentials of attendance): its threads start
  // once and keep their loaded contexts and expanded shapes. A process that runs jobs warms it when it
  // starts listening, so the first large batch does not wait for threads to start.
  const signer = new BatchSigner(null, { workersFrom: WORKERS_FROM });
  app.addHook('onClose', () => signer.close());
  if (p.config.workerEnabled) app.addHook('onListen', async () => void signer.warm().catch((err: unknown) => p.logger.warn({ err }, 'warming the batch signer failed; it starts on first need')));
  const issuing = issuingService(p, repo, epoch, issuer, status, schemes, signer);
  // Certificates are drawn on a worker thread, so a long name or a busy moment never holds other requests.
  const certificates = drawingPool(siblingModule(import.meta.url, 'issuing/certificate-worker'));
  app.addHook('onClose', () => certificates.close());
  const pub = publicService(p, repo, issuer, schemes, (input) => certificates.draw<Uint8Array>('certificate', input, 'the certificate'));
  const resolve = ownResolver(p.site.addresses, issuer, status);
  credentialsRoutes(app, { issuer, status, issuing, pub, publicUrl: p.config.publicUrl });
  consoleRoutes(app, consoleService(p, epoch));
  return {
    issuer,
    status,
    issuing,
    /** The process's batch signer: signWith(key, credentials, created); warm() starts its threads. */
    signer: signer as Pick<BatchSigner, 'signWith' | 'warm'>,
    public: pub,
    ...issuingJobs(issuing),
    /** What verification needs of our own issuer (verification.service.ts's OwnIssuer). */
    own: { did: issuer.did, addresses: p.site.addresses, resolve, epoch, signingKey: issuer.signingKey, issuedCredential: pub.issuedCredential },
  };
}

export type CredentialsModule = ReturnType<typeof registerCredentials>;
