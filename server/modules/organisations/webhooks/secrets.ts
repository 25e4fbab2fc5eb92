import type { Platform } from '../../../platform/context.js';
import { seal, sealingSecret, unseal } from '../../../platform/sealed.js';

/*
 * Webhook signing secrets are kept sealed (platform/sealed.ts), each bound to its endpoint: someone who
 * reads the database alone cannot sign deliveries an employer's receiver would trust. The plain secret
 * is shown once, when made, and opened only to sign.
 */
const INFO = 'guildhall webhook signing secret v1';

export function webhookSecrets(p: Pick<Platform, 'config' | 'logger'>) {
  let key: string | null = null;
  const sealing = () => {
    key ??= sealingSecret(p.config, (m) => p.logger.warn(m));
    return key;
  };
  const context = (endpointId: string) => ({ info: INFO, aad: endpointId, secret: sealing() });
  return {
    /** The stored form of a plain `whsec_` secret of this endpoint. */
    seal: (endpointId: string, plain: string): string => JSON.stringify(seal(plain, context(endpointId))),
    /** The plain secret from its stored form. */
    open: (endpointId: string, stored: string): string => unseal(JSON.parse(stored), context(endpointId)),
  };
}
export type WebhookSecrets = ReturnType<typeof webhookSecrets>;
