import type { z } from 'zod';
import type { CurrentUser } from '../../../contracts/accounts.js';
import type { RegisterImport, RegisterImportList } from '../../../contracts/register-import.js';
import { call, send } from '../api-core.js';

export type { RegisterImport };
const seg = encodeURIComponent;

/** Importing an existing register (contracts/register-import.ts) and claiming an imported account. */
export const registerImport = {
  upload: (file: File, dryRun: boolean) => {
    const form = new FormData();
    form.set('file', file);
    return send<RegisterImport>(`/api/v1/register-imports?dryRun=${dryRun}`, form);
  },
  get: (id: string) => call<RegisterImport>('GET', `/api/v1/register-imports/${seg(id)}`),
  list: () => call<z.infer<typeof RegisterImportList>>('GET', '/api/v1/register-imports'),
  claim: (body: { token: string; password: string }) => call<z.infer<typeof CurrentUser>>('POST', '/api/v1/auth/claim', body),
};
