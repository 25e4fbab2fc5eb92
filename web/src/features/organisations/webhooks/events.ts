import type { WebhookEvent } from './webhooks-api.js';

/** Every event an endpoint may subscribe to, in the words the page uses. */
export const eventLabels: Record<WebhookEvent, string> = {
  'credential.awarded': 'Credential awarded',
  'credential.suspended': 'Credential suspended',
  'credential.reinstated': 'Credential reinstated',
  'credential.revoked': 'Credential revoked',
  'credential.lapsed': 'Credential lapsed',
  'consent.granted': 'Consent granted',
  'consent.revoked': 'Consent revoked',
  'employment.confirmation_requested': 'Employment confirmation requested',
};
export const allEvents = Object.keys(eventLabels) as WebhookEvent[];

export const deliveryStatusLabels = { pending: 'Pending', delivered: 'Delivered', failed: 'Failed', dropped: 'Not sent' } as const;
