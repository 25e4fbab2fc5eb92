import type { ConsentScope, ConsentText } from '../../../../contracts/organisations-consent.js';

/*
 * The words a member agrees to, per scope. A grant stores the exact text and its version, so changing a
 * text here means a new version: grants made under the old words keep them, and a member who was shown
 * an older version is asked to look again (grantConsent refuses a stale version).
 */
export const consentTexts: Record<ConsentScope, ConsentText> = {
  credentials: {
    scope: 'credentials',
    version: '2026-12-01',
    title: 'My credentials',
    text: 'The organisation may see the level of each Guildhall credential I hold, its status (active, suspended, lapsed or revoked) and when it is due for review, until I revoke this. Every time someone there looks, I can see who and when.',
  },
  cpd_standing: {
    scope: 'cpd_standing',
    version: '2026-12-01',
    title: 'My CPD standing',
    text: 'The organisation may see whether my CPD is on track, at risk, suspended or lapsed, and how many hours I have logged in the current cycle, until I revoke this. It does not see the activities themselves.',
  },
  portfolio_summary: {
    scope: 'portfolio_summary',
    version: '2026-12-01',
    title: 'A summary of my portfolio',
    text: 'The organisation may see the certifications in my portfolio and the highest responsibility level I claim, until I revoke this. It never sees my evidence files, links or reflections.',
  },
  cpd_plan: {
    scope: 'cpd_plan',
    version: '2026-12-01',
    title: 'My CPD plan',
    text: 'The organisation may see the goals and planned activities in my CPD plan, so it can support them, until I revoke this.',
  },
};
