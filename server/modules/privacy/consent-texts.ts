import type { ConsentPurpose, ConsentTextOf } from '../../../contracts/privacy.js';

/*
 * The words a member agrees to for the optional things this module records. A record keeps the exact
 * text and its version, so changing a text here means a new version; records made under the old words
 * keep them. Sharing with organisations has its own texts (organisations/consent/consent-texts.ts).
 */
export const privacyTexts: Record<ConsentPurpose, ConsentTextOf> = {
  register_listing: {
    purpose: 'register_listing',
    version: '2026-12-01',
    title: 'Listing in the public register',
    text: 'My name, the level and status of each credential I hold and, if I choose, my country appear in the public register, where anyone can search for them, until I withdraw this.',
  },
  marketing_mail: {
    purpose: 'marketing_mail',
    version: '2026-12-01',
    title: 'News and offers by e-mail',
    text: 'The body may e-mail me news, events and offers, at most twice a month, until I withdraw this. Mail about my own applications, credentials and CPD is sent whatever I choose here.',
  },
};
