import type { z } from 'zod';
import type { CredentialChecks } from '../../../../../contracts/register.js';
import { call } from '../../../api.js';

export type CredentialChecksAnswer = z.infer<typeof CredentialChecks>;

/** checkCredentials (POST /api/v1/register/checks): up to 500 ids a call. */
export const checkCredentials = (credentialIds: string[]) => call<CredentialChecksAnswer>('POST', '/api/v1/register/checks', { credentialIds });
