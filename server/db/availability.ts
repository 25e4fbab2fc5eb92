/*
 * Telling "the database is away for a while" from every other failure. A connection that is refused, reset or
 * timed out, a server shutting down (57P01–57P03), a connection exception (SQLSTATE class 08) or too many
 * connections (53300) passes once the database is back: requests answer 503 with Retry-After meanwhile, the
 * job worker waits, start-up retries. Anything else is a bug or bad data and stays a 500.
 */

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENOTFOUND', 'EAI_AGAIN']);
const serverCodes = new Set(['57P01', '57P02', '57P03', '53300']);
// pg's own words for a connection it lost or could not get (it gives these errors no code).
const pgMessages = [
  /^Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /not queryable/i,
  /connection (?:is )?closed/i,
  /Client was closed and is not queryable/i,
];

/** Seconds a client is told to wait (Retry-After) while the database is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * True when `err` looks like a lost or refused connection to PostgreSQL. The same codes come from any socket
 * (SMTP, a remote fetch), so this is asked only where the error comes out of the database driver, which
 * marks it; everyone else asks isDatabaseUnavailable.
 */
export function isConnectionFailure(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (networkCodes.has(code) || serverCodes.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof e.message === 'string' && !code && pgMessages.some((m) => m.test(e.message as string))) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isConnectionFailure(x, depth + 1))) return true;
  return e.cause !== undefined && isConnectionFailure(e.cause, depth + 1);
}

const unavailable = Symbol.for('guildhall.databaseUnavailable');

/** Marks an error from the database driver as "the database is unavailable" when it is a connection failure. */
export function markIfUnavailable<T>(err: T): T {
  if (err && typeof err === 'object' && isConnectionFailure(err)) {
    try {
      Object.defineProperty(err, unavailable, { value: true });
    } catch {
      // a frozen error stays unmarked: it answers 500, as before
    }
  }
  return err;
}

/** True when `err` (or an error it wraps) came from the database driver because the database cannot be reached. */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  if ((err as Record<symbol, unknown>)[unavailable] === true) return true;
  return isDatabaseUnavailable((err as { cause?: unknown }).cause, depth + 1);
}

/** A few words on why the connection failed, for people: "connection refused", "connection reset", … */
export function connectionProblem(err: unknown): string {
  const e = (err ?? {}) as { code?: unknown; message?: unknown; errors?: Array<{ code?: unknown }> };
  const code = typeof e.code === 'string' ? e.code : typeof e.errors?.[0]?.code === 'string' ? (e.errors[0].code as string) : '';
  const words: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ECONNRESET: 'connection reset',
    ECONNABORTED: 'connection aborted',
    ETIMEDOUT: 'connection timed out',
    EPIPE: 'connection broken',
    EHOSTUNREACH: 'host unreachable',
    ENETUNREACH: 'network unreachable',
    EHOSTDOWN: 'host down',
    ENOTFOUND: 'host name not found',
    EAI_AGAIN: 'host name lookup failed',
    '57P01': 'the server is shutting down',
    '57P02': 'the server crashed',
    '57P03': 'the server is starting up',
    '53300': 'too many connections',
  };
  if (words[code]) return words[code];
  if (/^08/.test(code)) return `connection failure, SQLSTATE ${code}`;
  const message = typeof e.message === 'string' ? e.message : String(err);
  if (/timeout/i.test(message)) return 'connection timed out';
  if (/terminated|closed/i.test(message)) return 'connection closed';
  return message.split('\n')[0]?.slice(0, 200) || 'unknown error';
}

/** "127.0.0.1:5432" from a postgres:// URL, without user or password. */
export function databaseAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}`;
  } catch {
    return 'the configured address';
  }
}
