import type SQLite from 'better-sqlite3';

/**
 * How stale a head may be after another process commits: reading `PRAGMA data_version` takes a read lock
 * and was the largest single cost of a cached programme request, so it is read at most this often. This
 * process's own changes empty the heads at once (the trigger below), whatever this says.
 */
export const OTHERS_SEEN_WITHIN_MS = 250;

/** What a public read needs to know of an event before it answers from its cache. */
export type EventHead = { id: string; revision: number; status: string };

/** What to empty on each connection when an event row is updated or deleted on it. */
const emptiedOnChange = new WeakMap<SQLite.Database, Set<Map<string, EventHead>>>();

/** Registers `entries` to be emptied by this connection's own updates and deletes of events (a TEMP trigger per connection). */
function emptyOnEventChange(sqlite: SQLite.Database, entries: Map<string, EventHead>): void {
  const known = emptiedOnChange.get(sqlite);
  if (known) {
    known.add(entries);
    return;
  }
  const maps = new Set([entries]);
  emptiedOnChange.set(sqlite, maps);
  sqlite.function('gh_event_heads_clear', { deterministic: false }, () => {
    for (const m of maps) m.clear();
    return null;
  });
  for (const op of ['UPDATE', 'DELETE']) sqlite.exec(`CREATE TEMP TRIGGER IF NOT EXISTS gh_event_heads_${op.toLowerCase()} AFTER ${op} ON main.events BEGIN SELECT gh_event_heads_clear(); END`);
}

/**
 * Events' heads by slug on a SQLite connection, so a request for a cached programme reads no row: the
 * public programme is the busiest read of an event's week. Kept only while nothing can have changed them,
 * as the session cache does (accounts/sessions.ts):
 * - an update or delete of `events` on this connection (touchEvent, publishing, a slug changed) empties it
 *   during the statement itself, by a TEMP trigger calling back into this process;
 * - a commit by any other connection (another process, the command line) changes `PRAGMA data_version`,
 *   read before a use at most every OTHERS_SEEN_WITHIN_MS.
 * Only events that exist are kept (a new event is not yet in it), so guessed slugs cannot fill it; nothing
 * is kept while a transaction is open on the connection.
 */
export function eventHeads(sqlite: SQLite.Database) {
  const entries = new Map<string, EventHead>();
  emptyOnEventChange(sqlite, entries);
  const stmt = sqlite.prepare<[string], EventHead>('SELECT id, revision, status FROM events WHERE slug = ?');
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  let seen = dataVersion.get();
  let checkedAt = performance.now();
  return (slug: string): EventHead | undefined => {
    // Inside a transaction this connection may see a change not yet committed (and perhaps rolled back,
    // which no trigger reports): read it, keep nothing.
    if (sqlite.inTransaction) return stmt.get(slug);
    const now = performance.now();
    if (now - checkedAt >= OTHERS_SEEN_WITHIN_MS) {
      checkedAt = now;
      const version = dataVersion.get();
      if (version !== seen) {
        seen = version;
        entries.clear();
      }
    }
    const known = entries.get(slug);
    if (known) return known;
    const found = stmt.get(slug);
    if (found) {
      if (entries.size >= 1000) entries.clear();
      entries.set(slug, found);
    }
    return found;
  };
}
