import type { Tx } from '../../db/database.js';
import type { WebhookSecrets } from '../../modules/organisations/webhooks/secrets.js';
import { seedDemoConsent } from './consent.js';
import { seedDemoOrganisationsCore } from './core.js';
import { seedDemoEmployment } from './employment.js';
import { seedDemoRecruiting } from './recruiting.js';
import { seedDemoSponsorship } from './sponsorship.js';
import { seedDemoWebhooks } from './webhooks.js';

/** The demo's three organisations: one whose staff share their standing, one sponsoring, one recruiting. */
export async function seedDemoOrganisations(tx: Tx, now: Date, secrets: WebhookSecrets): Promise<void> {
  const orgs = await seedDemoOrganisationsCore(tx, now);
  await seedDemoEmployment(tx, orgs, now);
  await seedDemoConsent(tx, orgs, now);
  await seedDemoSponsorship(tx, orgs, now);
  await seedDemoRecruiting(tx, orgs, now);
  await seedDemoWebhooks(tx, orgs, now, secrets);
}
