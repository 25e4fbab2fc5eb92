import type { Role } from '../../contracts/accounts.js';

/** The demo body and its staff. Later features add their demo records in seed.ts, next to these. */
export const demoBody = {
  slug: 'itsm-guild',
  name: 'IT Service Management Guild',
  shortName: 'ITSMG',
  country: 'GB',
  website: 'https://itsm-guild.example.org',
};

export const DEMO_PASSWORD = 'guildhall-demo-2026';

export const demoStaff: Array<{ role: Role; email: string; name: string; roles: Role[] }> = [
  { role: 'system_admin', email: 'admin@demo.guildhall.test', name: 'Sam Okafor', roles: ['system_admin'] },
  { role: 'scheme_admin', email: 'scheme@demo.guildhall.test', name: 'Priya Raman', roles: ['scheme_admin'] },
  { role: 'assessor', email: 'assessor1@demo.guildhall.test', name: 'Tomás Herrera', roles: ['assessor'] },
  { role: 'assessor', email: 'assessor2@demo.guildhall.test', name: 'Ingrid Larsen', roles: ['assessor'] },
  { role: 'event_organiser', email: 'organiser@demo.guildhall.test', name: 'Chloé Martin', roles: ['event_organiser'] },
  { role: 'employer_admin', email: 'employer@demo.guildhall.test', name: 'David Chen', roles: ['employer_admin'] },
  { role: 'member', email: 'member@demo.guildhall.test', name: 'Aisha Bello', roles: [] },
  { role: 'member', email: 'applicant@demo.guildhall.test', name: 'Marcus Oyelaran', roles: [] },
];

/** The demo applicant's referee: a person outside the body, reached only by e-mail. */
export const demoReferee = { name: 'Helen Achterberg', email: 'helen.achterberg@referees.example.org', relationship: 'Line manager (Director of IT)' };

const given = ['Olivia', 'Noah', 'Amara', 'Liam', 'Mei', 'Lucas', 'Zara', 'Ethan', 'Sofia', 'Kwame', 'Hana', 'Mateo', 'Nadia', 'Oscar', 'Leila', 'Ravi', 'Elena', 'Jonas', 'Fatima', 'Arjun', 'Greta', 'Yusuf', 'Clara', 'Diego', 'Aiko'];
const family = ['Smith', 'Müller', 'Kowalski', "O'Brien", 'Nakamura', 'Haddad', 'Silva', 'Johansson', 'Mensah', 'Patel', 'Rossi', 'Dubois', 'Novak', 'Kim', 'García', 'Van der Berg', 'Ahmed', 'Byrne', 'Costa', 'Lindqvist'];
const countries = ['GB', 'GB', 'GB', 'IE', 'NL', 'DE', 'IN', 'ZA', 'AU', 'US', 'CA', 'NG', 'SE', 'FR', 'ES'];

/** ~50 members, varied but reproducible: countries, join dates over six years, a few unconfirmed. */
export function demoMembers(count = 50): Array<{ email: string; name: string; country: string; verified: boolean; joinedDaysAgo: number }> {
  let seed = 20_261_125;
  const rand = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    const name = `${pick(given)} ${pick(family)}`;
    const slug = name.toLowerCase().normalize('NFD').replace(/[^a-z ]/g, '').replace(/ +/g, '.');
    return { email: `${slug}.${i + 1}@members.guildhall.test`, name, country: pick(countries), verified: i % 12 !== 11, joinedDaysAgo: Math.floor(rand() * 6 * 365) };
  });
}
