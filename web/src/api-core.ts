import type { ErrorBody } from '../../contracts/common.js';
import type { CurrentUser } from '../../contracts/accounts.js';

/*
 * The API's transport: JSON calls and uploads with the session's CSRF token, the error shape, the signed-in
 * user. Kept apart from api.ts (each feature's typed calls) so the shell every page loads carries only this.
 */

/** Field name → messages, as forms show them beside each input. */
export type FieldErrors = Record<string, string[]>;

/** An API failure: the error code, a readable message and any field-level problems. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown>,
    readonly fields: FieldErrors,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Collects field problems from both shapes the API uses: validation issues and domain `fields`. */
function fieldsOf(details: Record<string, unknown>): FieldErrors {
  const out: FieldErrors = {};
  const add = (field: string, message: string) => {
    out[field] = [...(out[field] ?? []), message];
  };
  const issues = details.issues;
  if (Array.isArray(issues)) {
    for (const i of issues as Array<{ path?: unknown; message?: unknown }>) {
      if (typeof i.path !== 'string' || typeof i.message !== 'string') continue;
      const field = i.path.replace(/^(body|querystring|params)\.?/, '');
      if (field) add(field, i.message);
    }
  }
  const fields = details.fields;
  if (fields && typeof fields === 'object') {
    for (const [k, v] of Object.entries(fields as Record<string, unknown>)) {
      for (const m of Array.isArray(v) ? v : [v]) if (typeof m === 'string') add(k, m);
    }
  }
  return out;
}

// The session's CSRF token; the API hands it out with getCurrentUser and signIn.
let csrfToken: string | null = null;

// Told when the API says the session is gone (expired, signed out elsewhere, password changed).
let sessionEnded: () => void = () => {};

/** Registers the one listener for "the API no longer knows this session". */
export function onSessionEnded(listener: () => void): void {
  sessionEnded = listener;
}

const writes = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** One JSON call with the session's CSRF token; exported for features that keep their own client beside their pages. */
export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (writes.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Guildhall could not be reached. Check your connection and try again.', {}, {});
  }
  const text = await res.text();
  let data: unknown = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!res.ok) {
    const e = (data as ErrorBody | null)?.error;
    if (e && typeof e.code === 'string') {
      // Only a request that carried a session can discover that the session has ended.
      if (e.code === 'NOT_AUTHENTICATED' && csrfToken) {
        csrfToken = null;
        sessionEnded();
      }
      throw new ApiError(res.status, e.code, e.message, e.details ?? {}, fieldsOf(e.details ?? {}));
    }
    throw new ApiError(res.status, `HTTP_${res.status}`, `The server answered ${res.status}. Try again in a moment.`, {}, {});
  }
  return data as T;
}

/** Keeps the CSRF token a signed-in user's answer carries. */
export function remember(user: CurrentUser): CurrentUser {
  csrfToken = user.csrfToken;
  return user;
}

export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The signed-in user, or null when nobody is signed in. */
export async function getCurrentUser(): Promise<CurrentUser | null> {
  try {
    return remember(await call<CurrentUser>('GET', '/api/v1/me'));
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      csrfToken = null;
      return null;
    }
    throw err;
  }
}

/** Signs out and forgets the session's CSRF token. */
export async function signOut(): Promise<{ ok: true }> {
  const r = await call<{ ok: true }>('POST', '/api/v1/auth/sign-out');
  csrfToken = null;
  return r;
}

/** The development mailbox's newest message, to learn whether a visitor may read it (demo mode). */
export const probeDevMailbox = () => call<unknown>('GET', '/api/v1/dev/mailbox?limit=1');

/** Sends a multipart form (file uploads) with the session's CSRF token; errors as for JSON calls. */
export async function send<T>(path: string, form: FormData): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body: form });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Guildhall could not be reached. Check your connection and try again.', {}, {});
  }
  const data = (await res.json().catch(() => null)) as unknown;
  if (res.ok) return data as T;
  const e = (data as ErrorBody | null)?.error;
  if (e && typeof e.code === 'string') throw new ApiError(res.status, e.code, e.message, e.details ?? {}, fieldsOf(e.details ?? {}));
  if (res.status === 413) throw new ApiError(413, 'TOO_LARGE', 'The file is larger than 10 MB.', {}, { file: ['The file is larger than 10 MB.'] });
  throw new ApiError(res.status, `HTTP_${res.status}`, `The server answered ${res.status}. Try again in a moment.`, {}, {});
}
