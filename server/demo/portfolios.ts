import type { PortfolioItem } from '../../contracts/portfolio.js';
import { demoReferee } from './people.js';

/*
 * Demo portfolios for the default ITSM scheme, spread across every level: nothing yet, Student, Associate,
 * Member, Professional and eligible for Fellow nomination, with some exactly one item short of the next
 * level. Dates are relative to the seeding day, so the spread holds whenever the demo is seeded.
 */

export type DemoProfile =
  | 'starting'
  | 'student'
  | 'associate'
  | 'short-of-member'
  | 'member'
  | 'short-of-professional'
  | 'professional'
  | 'fellow-eligible'
  | 'ready-to-apply';

/** Which profile the i-th demo member gets (every profile appears among 50 members; Fellow-eligible only a few). */
export const profileFor = (i: number): DemoProfile =>
  (['starting', 'student', 'associate', 'short-of-member', 'member', 'member', 'short-of-professional', 'professional', 'associate', 'fellow-eligible'] as const)[i % 10]!;

type NewItem = PortfolioItem extends infer T ? (T extends unknown ? Omit<T, 'id'> : never) : never;
const employers = ['Northwind Health', 'Contoso Bank', 'Fabrikam Logistics', 'Globex Retail', 'Initech Services', 'Umbrella Insurance', 'City Council of Eastbury', 'Tailspin Airlines'];
const skillSets = [
  ['incident-management', 'problem-management', 'service-desk'],
  ['change-enablement', 'release-management', 'configuration-management'],
  ['service-level-management', 'supplier-management', 'continual-improvement'],
  ['asset-management', 'configuration-management', 'knowledge-management'],
];

/** The items of a demo member's portfolio for `profile`; `seed` varies employers, skills and referees. */
export function demoPortfolio(profile: DemoProfile, seed: number, now: Date): NewItem[] {
  const y = now.getUTCFullYear();
  const employer = (k: number) => employers[(seed + k) % employers.length]!;
  const skills = (k: number) => skillSets[(seed + k) % skillSets.length]!;
  const job = (k: number, roleTitle: string, from: number, to: number | null, responsibilityLevel: number): NewItem => ({
    kind: 'work',
    employer: employer(k),
    roleTitle,
    startOn: `${y - from}-01-01`,
    endOn: to === null ? null : `${y - to}-12-31`,
    itsm: true,
    responsibilityLevel,
    skills: skills(k),
    description: `${roleTitle} at ${employer(k)}: ${skills(k).map((s) => s.replace(/-/g, ' ')).join(', ')}.`,
    ...(seed % 3 === 0 ? { referee: { name: 'Jordan Reyes', email: `referee${seed}@example.org`, relationship: 'Line manager' } } : {}),
  });
  const cert = (catalogueId: string, title: string, yearsAgo: number): NewItem => ({ kind: 'certification', catalogueId, title, issuer: 'PeopleCert', awardedOn: `${y - yearsAgo}-03-15` });
  const degree = (qualificationId: string, title: string, yearsAgo: number): NewItem => ({ kind: 'education', qualificationId, title, institution: 'Open University', status: 'completed', awardedOn: `${y - yearsAgo}-07-01` });
  const talk = (yearsAgo: number, title: string): NewItem => ({ kind: 'contribution', type: 'talk', title, date: `${y - yearsAgo}-05-20`, link: 'https://itsm-guild.example.org/events' });

  switch (profile) {
    case 'starting':
      return seed % 2 === 0 ? [] : [cert('itil4-foundation', 'ITIL 4 Foundation', 1)];
    case 'student':
      return [{ kind: 'education', qualificationId: 'bachelors-degree', title: 'BSc Computing and IT', institution: 'Open University', status: 'enrolled', startedOn: `${y - 1}-09-01` }];
    case 'associate':
      // 40 points: a certification (10), two years' ITSM work (20) at responsibility 2 (10).
      return [cert('itil4-foundation', 'ITIL 4 Foundation', 3), job(0, 'Service desk analyst', 3, 2, 2)];
    case 'short-of-member':
      // Experience (4 years) and responsibility (level 3) are met; 115 of 120 points, so any one more
      // certification, talk or article reaches Member. Whole calendar years keep the sum the same all year.
      return [
        job(0, 'Incident manager', 4, 1, 3),
        cert('itil4-foundation', 'ITIL 4 Foundation', 5),
        cert('itil4-cds', 'ITIL 4 Specialist: Create, Deliver and Support', 3),
        cert('itil4-dsv', 'ITIL 4 Specialist: Drive Stakeholder Value', 2),
        seed % 2 === 0
          ? talk(1, 'What our major incidents taught us')
          : { kind: 'contribution', type: 'article', title: 'Five habits of calm incident managers', date: `${y - 1}-09-01`, link: 'https://example.org/calm' },
      ];
    case 'member':
      return [job(0, 'Change manager', 5, null, 4), cert('itil4-foundation', 'ITIL 4 Foundation', 4), cert('itil4-cds', 'ITIL 4 Specialist: Create, Deliver and Support', 2)];
    case 'short-of-professional':
      // Everything for Professional but the contribution minimum: one more talk (10 of 20) reaches it.
      return [
        job(0, 'Problem manager', 14, 5, 4),
        job(1, 'Head of service management', 4, null, 5),
        degree('masters-degree', 'MSc IT Service Management', 12),
        cert('itil4-foundation', 'ITIL 4 Foundation', 8),
        cert('itil4-managing-professional', 'ITIL 4 Managing Professional', 5),
        talk(2, 'Service levels that mean something'),
      ];
    case 'professional':
      return [
        job(0, 'Service delivery manager', 15, 5, 4),
        job(1, 'Head of IT operations', 4, null, 5),
        degree('masters-degree', 'MSc Information Systems', 14),
        cert('itil4-foundation', 'ITIL 4 Foundation', 8),
        cert('itil4-managing-professional', 'ITIL 4 Managing Professional', 5),
        talk(2, 'Running a change advisory board that helps'),
        { kind: 'contribution', type: 'article', title: 'Configuration data people trust', date: `${y - 1}-02-10`, link: 'https://example.org/cmdb-trust' },
      ];
    case 'ready-to-apply':
      // Meets Professional today, with a referee on the current role: the application journey's applicant.
      return [
        job(0, 'Service delivery manager', 15, 5, 4),
        {
          kind: 'work',
          employer: 'Tailspin Airlines',
          roleTitle: 'Head of service management',
          startOn: `${y - 4}-01-01`,
          endOn: null,
          itsm: true,
          responsibilityLevel: 5,
          skills: ['service-level-management', 'continual-improvement', 'supplier-management'],
          description: 'Leads service management for 3,000 staff: service levels, suppliers and the improvement register.',
          referee: demoReferee,
        },
        degree('masters-degree', 'MSc IT Service Management', 14),
        cert('itil4-foundation', 'ITIL 4 Foundation', 8),
        cert('itil4-managing-professional', 'ITIL 4 Managing Professional', 5),
        talk(2, 'Service levels customers can read'),
        { kind: 'contribution', type: 'article', title: 'An improvement register that improves', date: `${y - 1}-04-12`, link: 'https://example.org/register' },
      ];
    case 'fellow-eligible':
      return [
        job(0, 'Service management consultant', 17, 8, 4),
        job(1, 'Director of service management', 7, 3, 5),
        job(2, 'Chief service officer', 2, null, 6),
        degree('doctorate', 'PhD Service Science', 15),
        cert('itil4-foundation', 'ITIL 4 Foundation', 9),
        cert('itil4-managing-professional', 'ITIL 4 Managing Professional', 7),
        cert('itil4-strategic-leader', 'ITIL 4 Strategic Leader', 5),
        cert('iso20000-practitioner', 'ISO/IEC 20000 Practitioner', 6),
        { kind: 'contribution', type: 'book', title: 'Service Management in Practice', date: `${y - 3}-10-01` },
        { kind: 'contribution', type: 'committee', title: 'Guild standards committee', startOn: `${y - 4}-01-01`, endOn: `${y - 1}-12-31` },
        { kind: 'contribution', type: 'mentoring', title: 'Mentoring new service managers', startOn: `${y - 3}-01-01`, endOn: null },
        talk(1, 'Twenty years of incident reviews'),
      ];
  }
}
