
import type { PublicCredential } from '../api.js';
import { call, } from '../api-core.js';

const seg = encodeURIComponent;

/** One credential, publicly (no sign-in): level, status, dates, the verifiable credential and its links. */
export const publicCredentials = {
  get: (id: string) => call<PublicCredential>('GET', `/api/v1/credentials/${seg(id)}`),
};
