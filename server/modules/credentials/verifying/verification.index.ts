import type { Platform } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { credentialPages } from '../public/pages.routes.js';
import type { PublicService } from '../public/public.service.js';
import { vcApiRoutes } from './vc-api.routes.js';
import { verificationRoutes } from './verification.routes.js';
import { type OwnIssuer, verificationService } from './verification.service.js';

/** Verifying credentials (the /verify page and its API), the VC-API endpoints, and a credential's public page. */
export function registerVerification(app: ZodApp, p: Platform, own: OwnIssuer, pub: PublicService) {
  const verification = verificationService(p, { own });
  app.addHook('onListen', async () => verification.start());
  app.addHook('onClose', () => verification.close());
  verificationRoutes(app, verification, p.config.rateLimitPerMinute);
  vcApiRoutes(app, verification, p.config.rateLimitPerMinute);
  credentialPages(app, { pub, verification, config: p.config });
  return verification;
}
