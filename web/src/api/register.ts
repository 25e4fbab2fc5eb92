
import type { SearchRegisterQuery } from '../../../contracts/register.js';
import type { RegisterListing, RegisterPage, } from '../api.js';
import { call, query, } from '../api-core.js';


/** The public register (no sign-in needed) and the member's choice to be listed in it. */
export const register = {
  search: (q: Partial<Record<keyof SearchRegisterQuery, string>>) => call<RegisterPage>('GET', `/api/v1/register${query(q)}`),
  levels: () => call<{ levels: Array<{ id: string; name: string }> }>('GET', '/api/v1/register/levels'),
  listing: () => call<RegisterListing>('GET', '/api/v1/me/register-listing'),
  updateListing: (body: { listed: boolean; showCountry: boolean; listCertifications?: boolean; listResponsibility?: boolean }) => call<RegisterListing>('PUT', '/api/v1/me/register-listing', body),
};
