
import type { ApplicationView, AssessmentQueue, } from '../api.js';
import { call, query, } from '../api-core.js';

const seg = encodeURIComponent;
const app = (id: string, rest = '') => `/api/v1/applications/${seg(id)}${rest}`;

/** The assessor's queue and workbench, and the scheme administrator's decisions. */
export const assessment = {
  queue: (q: { scope?: 'mine' | 'all'; state?: string; cursor?: string; limit?: number }) => call<AssessmentQueue>('GET', `/api/v1/assessment/queue${query(q)}`),
  score: (id: string, scores: Array<{ categoryId: string; score: number; notes: string }>) => call<ApplicationView>('PUT', app(id, '/scores'), { scores }),
  ask: (id: string, question: string) => call<ApplicationView>('POST', app(id, '/information-requests'), { question }),
  conflict: (id: string, reason: string) => call<ApplicationView>('POST', app(id, '/conflict'), { reason }),
  recommend: (id: string, body: { outcome: 'award' | 'decline'; levelId?: string; reasons: string }) => call<ApplicationView>('POST', app(id, '/recommendation'), body),
  decide: (id: string, body: { outcome: 'award' | 'decline'; levelId?: string; reasons: string; panel?: boolean }) => call<ApplicationView>('POST', app(id, '/decision'), body),
  markFeePaid: (id: string) => call<ApplicationView>('POST', app(id, '/fee-paid')),
  decideAppeal: (id: string, body: { uphold: boolean; reasons: string }) => call<ApplicationView>('POST', app(id, '/appeal/decision'), body),
};
