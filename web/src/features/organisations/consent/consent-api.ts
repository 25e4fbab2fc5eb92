import type { z } from 'zod';
import type * as C from '../../../../../contracts/organisations-consent.js';
import { ApiError } from '../../../api.js';

/*
 * The consent and team view operations (contracts/organisations-consent.ts), kept beside their pages so
 * the app's shell does not carry them. Writes send the session's CSRF token, which the pages take from
 * useSession().
 */

export type { ConsentGrant, ConsentView, MyConsents, TeamFigures, TeamMember, TeamView } from '../../../../../contracts/organisations-consent.js';
export type ConsentScopeName = C.ConsentScope;
export type TeamFilters = Partial<Record<'q' | 'level' | 'status' | 'standing' | 'reviewWithinDays' | 'page' | 'limit', string>>;

const seg = encodeURIComponent;

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

async function call<T>(method: 'GET' | 'POST', path: string, csrf?: string | null, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Guildhall could not be reached. Check your connection and try again.', {}, {});
  }
  const data = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details?: Record<string, unknown> } } | null;
  if (!res.ok) {
    const e = data?.error;
    if (e) throw new ApiError(res.status, e.code, e.message, e.details ?? {}, {});
    throw new ApiError(res.status, `HTTP_${res.status}`, `The server answered ${res.status}. Try again in a moment.`, {}, {});
  }
  return data as T;
}

export const consent = {
  mine: () => call<C.MyConsents>('GET', '/api/v1/me/consents'),
  grant: (csrf: string | null, body: z.input<typeof C.GrantConsentBody>) => call<C.MyConsents>('POST', '/api/v1/me/consents', csrf, body),
  revoke: (csrf: string | null, organisationId: string, scopes?: ConsentScopeName[]) =>
    call<C.MyConsents>('POST', `/api/v1/me/consents/${seg(organisationId)}/revoke`, csrf, scopes ? { scopes } : {}),
  views: (before?: string) => call<C.ConsentViews>('GET', `/api/v1/me/consent-views${query({ before })}`),
  viewsExportUrl: '/api/v1/me/consent-views/export',
  team: (organisationId: string, f: TeamFilters) => call<C.TeamView>('GET', `/api/v1/organisations/${seg(organisationId)}/team${query(f)}`),
  teamExportUrl: (organisationId: string, f: TeamFilters) => `/api/v1/organisations/${seg(organisationId)}/team/export${query({ ...f, page: undefined, limit: undefined })}`,
};
