import type { Exhibitor, ExhibitorList, ExhibitorTier, Lead, LeadList, LeadResult, MyStands, PublicExhibitorList } from '../../../../../contracts/events-exhibitors.js';
import { call, send } from '../../../api.js';

export type { Exhibitor, ExhibitorList, ExhibitorTier, Lead, LeadList, LeadResult, MyStands, PublicExhibitorList };
export type ExhibitorBody = { name: string; kind: 'sponsor' | 'exhibitor' | 'both'; tier: ExhibitorTier; stand: string | null; website: string | null; description: string | null };

const seg = encodeURIComponent;
const base = (eventId: string) => `/api/v1/events/${seg(eventId)}/exhibitors`;
const one = (eventId: string, exhibitorId: string) => `${base(eventId)}/${seg(exhibitorId)}`;

/** Sponsors and exhibitors, their staff and leads. */
export const exhibitorsApi = {
  publicList: (slug: string) => call<PublicExhibitorList>('GET', `/api/v1/public/events/${seg(slug)}/exhibitors`),
  list: (eventId: string) => call<ExhibitorList>('GET', base(eventId)),
  add: (eventId: string, body: ExhibitorBody) => call<Exhibitor>('POST', base(eventId), body),
  update: (eventId: string, id: string, body: Partial<ExhibitorBody>) => call<Exhibitor>('PATCH', one(eventId, id), body),
  remove: (eventId: string, id: string) => call<{ status: 'ok' }>('DELETE', one(eventId, id)),
  uploadLogo: (eventId: string, id: string, file: File) => {
    const form = new FormData();
    form.set('file', file);
    return send<Exhibitor>(`${one(eventId, id)}/logo`, form);
  },
  addStaff: (eventId: string, id: string, body: { email: string; name?: string }) => call<unknown>('POST', `${one(eventId, id)}/staff`, body),
  removeStaff: (eventId: string, id: string, userId: string) => call<{ status: 'ok' }>('DELETE', `${one(eventId, id)}/staff/${seg(userId)}`),
  myStands: (slug: string) => call<MyStands>('GET', `/api/v1/me/stands/${seg(slug)}`),
  record: (eventId: string, id: string, code: string) => call<LeadResult>('POST', `${one(eventId, id)}/leads`, { code }),
  leads: (eventId: string, id: string) => call<LeadList>('GET', `${one(eventId, id)}/leads`),
  note: (eventId: string, id: string, leadId: string, note: string) => call<Lead>('PUT', `${one(eventId, id)}/leads/${seg(leadId)}/note`, { note }),
  csvUrl: (eventId: string, id: string) => `${one(eventId, id)}/leads.csv`,
};

export const tierNames: Record<ExhibitorTier, string> = { platinum: 'Platinum', gold: 'Gold', silver: 'Silver', bronze: 'Bronze', supporter: 'Supporters' };
export const kindNames = { sponsor: 'Sponsor', exhibitor: 'Exhibitor', both: 'Sponsor and exhibitor' } as const;
