import type { z } from 'zod';
import type {
  MyCredentials,
  SubmitApplicationBody,
} from '../../../contracts/applications.js';
import type { ApplicationList, ApplicationPreview, ApplicationView, } from '../api.js';
import { call, query, } from '../api-core.js';

const seg = encodeURIComponent;
const app = (id: string, rest = '') => `/api/v1/applications/${seg(id)}${rest}`;

/** Applying, following an application, nominations and credentials (members). */
export const applications = {
  preview: (levelId: string) => call<ApplicationPreview>('GET', `/api/v1/applications/preview${query({ levelId })}`),
  submit: (body: SubmitApplicationBody) => call<ApplicationView>('POST', '/api/v1/applications', body),
  mine: () => call<ApplicationList>('GET', '/api/v1/applications'),
  get: (id: string) => call<ApplicationView>('GET', app(id)),
  withdraw: (id: string, reason?: string) => call<ApplicationView>('POST', app(id, '/withdraw'), reason ? { reason } : {}),
  consent: (id: string) => call<ApplicationView>('POST', app(id, '/consent')),
  respond: (id: string, requestId: string, body: { response: string; evidenceIds: string[] }) =>
    call<ApplicationView>('POST', app(id, `/information-requests/${seg(requestId)}/response`), body),
  appeal: (id: string, grounds: string) => call<ApplicationView>('POST', app(id, '/appeal'), { grounds }),
  nominate: (body: { nomineeEmail: string; levelId: string; statement: string }) => call<ApplicationView>('POST', '/api/v1/nominations', body),
  credentials: () => call<z.infer<typeof MyCredentials>>('GET', '/api/v1/credentials/mine'),
};
