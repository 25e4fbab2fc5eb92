import type { z } from 'zod';
import type { CpdActivityInput, CpdPlanContent, CpdRuleSetList, TrackedCredentialBody, TrackedCredentialList } from '../../../contracts/cpd.js';
import type { OkBody, CpdActivity, CpdActivityPage, CpdPlan, CpdSummary, TrackedCredential, } from '../api.js';
import { call, query, } from '../api-core.js';

const seg = encodeURIComponent;

/** The member's CPD log, totals per credential and rule set, tracked credentials and plan. */
export const cpd = {
  summary: () => call<CpdSummary>('GET', '/api/v1/me/cpd/summary'),
  list: (q: { year?: number; type?: string; page?: number; pageSize?: number }) => call<CpdActivityPage>('GET', `/api/v1/me/cpd/activities${query(q)}`),
  log: (body: CpdActivityInput) => call<CpdActivity>('POST', '/api/v1/me/cpd/activities', body),
  update: (id: string, body: CpdActivityInput) => call<CpdActivity>('PUT', `/api/v1/me/cpd/activities/${seg(id)}`, body),
  remove: (id: string) => call<OkBody>('DELETE', `/api/v1/me/cpd/activities/${seg(id)}`),
  ruleSets: () => call<z.infer<typeof CpdRuleSetList>>('GET', '/api/v1/cpd/rule-sets'),
  tracked: () => call<z.infer<typeof TrackedCredentialList>>('GET', '/api/v1/me/cpd/tracked-credentials'),
  track: (body: TrackedCredentialBody) => call<TrackedCredential>('POST', '/api/v1/me/cpd/tracked-credentials', body),
  untrack: (id: string) => call<OkBody>('DELETE', `/api/v1/me/cpd/tracked-credentials/${seg(id)}`),
  plan: () => call<CpdPlan>('GET', '/api/v1/me/cpd/plan'),
  savePlan: (body: z.input<typeof CpdPlanContent>) => call<CpdPlan>('PUT', '/api/v1/me/cpd/plan', body),
};
