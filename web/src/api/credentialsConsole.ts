import type { z } from 'zod';
import type { IssuerKeys as IssuerKeysView } from '../../../contracts/credentials.js';
import type { ChangeStatusBody, ConsoleCredentialList, CredentialHistory as CredentialHistoryView, FindCredentialsQuery, Reissued } from '../../../contracts/credentials-console.js';
import { call, query } from '../api-core.js';

const seg = encodeURIComponent;

export type ConsoleCredentials = z.infer<typeof ConsoleCredentialList>;
export type ConsoleCredential = ConsoleCredentials['credentials'][number];
export type CredentialHistory = z.infer<typeof CredentialHistoryView>;
export type IssuerKeys = z.infer<typeof IssuerKeysView>;
export type IssuerKey = IssuerKeys['keys'][number];

/** The staff console of credentials and the issuer's keys (contracts/credentials-console.ts, contracts/credentials.ts). */
export const credentialsConsole = {
  find: (q: Partial<z.output<typeof FindCredentialsQuery>>) => call<ConsoleCredentials>('GET', `/api/v1/admin/credentials${query(q)}`),
  history: (id: string) => call<CredentialHistory>('GET', `/api/v1/admin/credentials/${seg(id)}`),
  changeStatus: (id: string, body: z.input<typeof ChangeStatusBody>) => call<CredentialHistory>('POST', `/api/v1/admin/credentials/${seg(id)}/status`, body),
  reissue: (id: string, reason: string) => call<z.infer<typeof Reissued>>('POST', `/api/v1/admin/credentials/${seg(id)}/reissue`, { reason }),
  keys: () => call<IssuerKeys>('GET', '/api/v1/admin/issuer-keys'),
  rotateKey: () => call<IssuerKeys>('POST', '/api/v1/admin/issuer-keys'),
  retireKey: (number: number) => call<IssuerKeys>('POST', `/api/v1/admin/issuer-keys/${number}/retire`),
};
