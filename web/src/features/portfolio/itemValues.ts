import type { ItemKind } from '../../components/portfolio-items.js';
import type { PortfolioItem } from './types.js';

/*
 * Form values for one portfolio item: every field as text (checkboxes as "yes" or ""), converted to and from
 * the contract's item shape. Work history is entered by month, as people remember jobs; the item stores dates.
 */

export type Values = Record<string, string>;

export const oneOff = new Set(['talk', 'article', 'paper', 'book-chapter', 'book']);

/** Labels of every field, for error summaries and field names from the API. */
export const labels: Record<string, string> = {
  qualificationId: 'Qualification',
  catalogueId: 'Certification',
  title: 'Title',
  institution: 'Institution',
  status: 'Status',
  startedOn: 'Start date',
  awardedOn: 'Date awarded',
  issuer: 'Issuer',
  employer: 'Employer',
  roleTitle: 'Role title',
  startMonth: 'Start month',
  endMonth: 'End month',
  responsibilityLevel: 'Responsibility level',
  skills: 'Skills used',
  description: 'What you were responsible for',
  refereeName: 'Referee name',
  refereeEmail: 'Referee e-mail address',
  refereeRelationship: 'How the referee knows your work',
  type: 'Type of contribution',
  link: 'Link',
  date: 'Date',
  startOn: 'Start date',
  endOn: 'End date',
  hours: 'Hours',
};

const blank: Values = Object.fromEntries(Object.keys(labels).map((k) => [k, '']));

/** Empty values for a new item of a kind. */
export function emptyValues(kind: ItemKind): Values {
  return { ...blank, kind, status: 'completed', type: 'talk', itsm: 'yes', current: '', responsibilityLevel: '' };
}

/** The form values showing an existing item. */
export function toValues(item: PortfolioItem): Values {
  const v: Values = { ...emptyValues(item.kind), id: item.id };
  switch (item.kind) {
    case 'education':
      Object.assign(v, {
        qualificationId: item.qualificationId ?? '',
        title: item.title,
        institution: item.institution ?? '',
        status: item.status,
        startedOn: item.startedOn ?? '',
        awardedOn: item.awardedOn ?? '',
      });
      break;
    case 'certification':
      Object.assign(v, { catalogueId: item.catalogueId ?? 'other', title: item.title, issuer: item.issuer ?? '', awardedOn: item.awardedOn });
      break;
    case 'work':
      Object.assign(v, {
        employer: item.employer,
        roleTitle: item.roleTitle,
        startMonth: item.startOn.slice(0, 7),
        endMonth: item.endOn ? item.endOn.slice(0, 7) : '',
        // The exact dates, kept when the month is left as it was.
        startExact: item.startOn,
        endExact: item.endOn ?? '',
        current: item.endOn === null ? 'yes' : '',
        itsm: item.itsm ? 'yes' : '',
        responsibilityLevel: String(item.responsibilityLevel),
        skills: item.skills.join(','),
        description: item.description ?? '',
        refereeName: item.referee?.name ?? '',
        refereeEmail: item.referee?.email ?? '',
        refereeRelationship: item.referee?.relationship ?? '',
      });
      break;
    case 'contribution':
      Object.assign(v, { type: item.type, title: item.title, link: item.link ?? '' });
      if ('date' in item) v.date = item.date;
      else Object.assign(v, { startOn: item.startOn, endOn: item.endOn ?? '', current: item.endOn === null ? 'yes' : '' });
      if ('hours' in item) v.hours = String(item.hours);
      break;
  }
  return v;
}

const opt = (s: string) => (s.trim() ? s.trim() : undefined);
const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

/** The last day of a month, or `today` when that is earlier (a job ending this month ended by today). */
function monthEnd(ym: string, today: string): string {
  if (!/^\d{4}-\d{2}$/.test(ym)) return ym;
  const [y, m] = ym.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return ym === today.slice(0, 7) && last > today ? today : last;
}

/** The item the values describe (not yet validated); `today` is YYYY-MM-DD in the member's time zone. */
export function toItem(v: Values, today: string): Record<string, unknown> {
  const base = { id: v.id || undefined, kind: v.kind };
  switch (v.kind) {
    case 'education':
      return {
        ...base,
        qualificationId: v.qualificationId || null,
        title: v.title,
        institution: opt(v.institution ?? ''),
        status: v.status,
        startedOn: opt(v.startedOn ?? ''),
        awardedOn: v.status === 'enrolled' ? (opt(v.awardedOn ?? '') ?? null) : opt(v.awardedOn ?? ''),
      };
    case 'certification':
      return { ...base, catalogueId: v.catalogueId && v.catalogueId !== 'other' ? v.catalogueId : null, title: v.title, issuer: opt(v.issuer ?? ''), awardedOn: v.awardedOn };
    case 'work': {
      const referee = v.refereeName || v.refereeEmail || v.refereeRelationship ? { name: v.refereeName, email: v.refereeEmail, relationship: v.refereeRelationship } : undefined;
      return {
        ...base,
        employer: v.employer,
        roleTitle: v.roleTitle,
        startOn: v.startExact?.startsWith(`${v.startMonth}-`) ? v.startExact : /^\d{4}-\d{2}$/.test(v.startMonth ?? '') ? `${v.startMonth}-01` : v.startMonth,
        endOn: v.current ? null : v.endExact?.startsWith(`${v.endMonth}-`) ? v.endExact : monthEnd(v.endMonth ?? '', today),
        itsm: v.itsm === 'yes',
        responsibilityLevel: num(v.responsibilityLevel ?? ''),
        skills: (v.skills ?? '').split(',').filter(Boolean),
        description: opt(v.description ?? ''),
        referee,
      };
    }
    default: {
      const c: Record<string, unknown> = { ...base, type: v.type, title: v.title, link: opt(v.link ?? '') };
      if (oneOff.has(v.type ?? '')) c.date = v.date;
      else {
        c.startOn = v.startOn;
        c.endOn = v.current ? null : v.endOn;
        if (v.type === 'volunteering') c.hours = num(v.hours ?? '');
      }
      return c;
    }
  }
}

/** Maps an issue path from the contract or the API (e.g. `item.referee.email`, `endOn`) to a form field. */
export function fieldFor(path: string, kind: string): string {
  const p = path.replace(/^(body\.)?(item\.)?/, '').replace(/^items(\.\d+\.|\[\d+\]\.)/, '');
  if (p.startsWith('referee')) return p === 'referee' ? 'refereeName' : `referee${p.charAt(8).toUpperCase()}${p.slice(9)}`;
  if (kind === 'work' && p === 'startOn') return 'startMonth';
  if (kind === 'work' && p === 'endOn') return 'endMonth';
  if (p.startsWith('skills')) return 'skills';
  return p.split('.')[0] ?? p;
}
