import type { Platform } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { vcApiRoutes } from './vc-api.routes.js';
import { verificationRoutes } from './verification.routes.js';
import { type OwnIssuer, verificationService } from './verification.service.js';

/** Verifying credentials (the /verify page's API) and the VC-API endpoints, over our own issuer. */
export function registerVerification(app: ZodApp, p: Platform, own: OwnIssuer) {
  const verification = verificationService(p, { own });
  app.addHook('onListen', async () => verification.start());
  app.addHook('onClose', () => verification.close());
  verificationRoutes(app, verification, p.config.rateLimitPerMinute);
  vcApiRoutes(app, verification, p.config.rateLimitPerMinute);
  return verification;
}
