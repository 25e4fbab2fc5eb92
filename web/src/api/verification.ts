
import type { VerifyBody } from '../../../contracts/verification.js';
import type { VerificationResult, VerifyAnswer, } from '../api.js';
import { call, query, send, } from '../api-core.js';


/** Verifying a credential (no sign-in): pasted JSON or VC-JWT, a presentation, a link or id of ours, or an uploaded file (a baked badge picture too). */
export const verification = {
  verify: (body: VerifyBody) => call<VerifyAnswer>('POST', '/api/v1/verify', body),
  byId: (id: string) => call<VerificationResult>('GET', `/api/v1/verify${query({ credential: id })}`),
  upload: (file: File) => {
    const form = new FormData();
    form.set('file', file);
    return send<VerifyAnswer>('/api/v1/verify', form);
  },
};
