
import type {
  AnswerReferenceBody,
} from '../../../contracts/applications.js';
import type { ReferenceRequestView, } from '../api.js';
import { call, } from '../api-core.js';

const seg = encodeURIComponent;

/** A referee's answer by the mailed link: no account, the token is the key. */
export const references = {
  get: (token: string) => call<ReferenceRequestView>('GET', `/api/v1/references/${seg(token)}`),
  answer: (token: string, body: AnswerReferenceBody) => call<ReferenceRequestView>('POST', `/api/v1/references/${seg(token)}`, body),
};
