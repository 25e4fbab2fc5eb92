import type { z } from 'zod';
import type {
  AttendedSessions,
  CallView,
  DecideProposalBody,
  EventFeedback,
  EventProposalList,
  FeedbackSaved,
  MyProposal,
  MyProposals,
  MySessionFeedback,
  OpenCallBody,
  SpeakingInvitation,
  SubmitProposalBody,
} from '../../../../../contracts/events-proposals.js';
import { call } from '../../../api.js';

/* events/proposals' client: calls, proposals, reviews, speakers' answers and session feedback. */

const seg = encodeURIComponent;

export type Call = z.infer<typeof CallView>;
export type Proposals = z.infer<typeof EventProposalList>;
export type ProposalRow = Proposals['proposals'][number];
export type Mine = z.infer<typeof MyProposals>;
export type Invitation = z.infer<typeof SpeakingInvitation>;
export type Attended = z.infer<typeof AttendedSessions>;
export type FeedbackList = z.infer<typeof EventFeedback>;
export type SpeakerFeedback = z.infer<typeof MySessionFeedback>;

export const proposals = {
  call: (slug: string) => call<Call>('GET', `/api/v1/event-calls/${seg(slug)}`),
  openCall: (eventId: string, body: OpenCallBody) => call<Call>('PUT', `/api/v1/events/${seg(eventId)}/call`, body),
  closeCall: (eventId: string) => call<Call>('POST', `/api/v1/events/${seg(eventId)}/call/close`),
  submit: (eventId: string, body: SubmitProposalBody) => call<z.infer<typeof MyProposal>>('POST', `/api/v1/events/${seg(eventId)}/proposals`, body),
  withdraw: (id: string) => call<z.infer<typeof MyProposal>>('POST', `/api/v1/me/event-proposals/${seg(id)}/withdraw`),
  mine: () => call<Mine>('GET', '/api/v1/me/event-proposals'),
  list: (eventId: string) => call<Proposals>('GET', `/api/v1/events/${seg(eventId)}/proposals`),
  review: (id: string, body: { score: number; comment: string }) => call<unknown>('PUT', `/api/v1/event-proposals/${seg(id)}/review`, body),
  decide: (id: string, body: DecideProposalBody) => call<unknown>('POST', `/api/v1/event-proposals/${seg(id)}/decision`, body),
  invitation: (token: string) => call<Invitation>('POST', '/api/v1/event-speakers/invitation', { token }),
  answer: (token: string, to: 'confirm' | 'decline') => call<Invitation>('POST', `/api/v1/event-speakers/${to}`, { token }),
  attended: (slug: string) => call<Attended>('GET', `/api/v1/me/event-feedback/${seg(slug)}`),
  feedback: (sessionId: string, body: { rating: number; comment: string }) => call<z.infer<typeof FeedbackSaved>>('PUT', `/api/v1/event-sessions/${seg(sessionId)}/feedback`, body),
  mySessionFeedback: () => call<SpeakerFeedback>('GET', '/api/v1/me/session-feedback'),
  eventFeedback: (eventId: string) => call<FeedbackList>('GET', `/api/v1/events/${seg(eventId)}/feedback`),
  feedbackCsvUrl: (eventId: string) => `/api/v1/events/${seg(eventId)}/feedback.csv`,
};

/** "Wed 10 Mar, 09:30–10:15" in the event's own zone. */
export function slotText(s: { startsAt: string; endsAt: string; timeZone: string; room?: string | null }): string {
  const day = new Intl.DateTimeFormat('en-GB', { timeZone: s.timeZone, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(s.startsAt));
  const t = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: s.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
  return `${day}, ${t(s.startsAt)}–${t(s.endsAt)}${s.room ? `, ${s.room}` : ''}`;
}

export const formatLabels = { talk: 'Talk', panel: 'Panel', workshop: 'Workshop', keynote: 'Keynote' } as const;
export const levelLabels = { introductory: 'Introductory', intermediate: 'Intermediate', advanced: 'Advanced' } as const;
