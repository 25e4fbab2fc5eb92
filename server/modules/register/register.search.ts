import { CompiledQuery } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { DbHandle } from '../../db/database.js';
import { type Cursor, prefixEnd } from './register.rules.js';

/** One row of a search: the entry and the key of the index it was read along. */
export type Hit = { holderId: string; sortName: string; token: string | null; name: string; country: string | null; credentials: string; tokens: string };
type Filters = { level?: string; country?: string; after?: Cursor | null; limit: number };

/** A row of the word index: its key and what name searches filter on; with its entry when read unfiltered. */
export type WordRow = { token: string; sortName: string; holderId: string; country: string | null; levels: string; tokens: string; name?: string; credentials?: string };
export type WordFilters = { country?: string; level?: string; others: readonly string[] };
const WORDS = 'SELECT token AS "token", sort_name AS "sortName", holder_id AS "holderId", country AS "country", levels AS "levels", tokens AS "tokens"';
const ENTRY = `e.holder_id AS "holderId", e.sort_name AS "sortName", e.name AS "name", e.country AS "country", e.credentials AS "credentials", e.tokens AS "tokens"`;

/**
 * The register's searches, written as SQL text with `?` parameters that both dialects accept (row-value
 * comparisons included). searchRegister is the register's hot path (aim: p95 ≤ 20 ms over a million
 * holders), so on SQLite each text runs as a prepared statement kept for reuse, as the session lookup
 * does (docs/decisions/0004-hot-paths.md): preparing and building the query on every request cost more
 * than reading the page. The texts depend only on which filters are given (and, for entries, how many
 * holders), so there are a few dozen. On PostgreSQL the same text runs through Kysely with numbered
 * parameters. Name searches read the word index (register_tokens), whose rows carry every filter, and
 * filter in the service with a bound on rows read per page.
 */
export function registerSearch(database: DbHandle) {
  const sqlite = database.sqlite;
  const statements = new Map<string, SQLite.Statement>();
  async function run<R>(text: string, params: unknown[]): Promise<R[]> {
    if (sqlite) {
      let stmt = statements.get(text);
      if (!stmt) {
        stmt = sqlite.prepare(text);
        statements.set(text, stmt);
      }
      return stmt.all(...params) as R[];
    }
    let n = 0;
    const numbered = text.replace(/\?/g, () => `$${++n}`);
    return (await database.db.executeQuery<R>(CompiledQuery.raw(numbered, params))).rows;
  }

  return {
    /** The listed holder of a credential, if any. */
    byCredential: async (credentialId: string): Promise<Hit | undefined> =>
      (await run<Hit>(`SELECT NULL AS "token", ${ENTRY} FROM credentials c JOIN register_entries e ON e.holder_id = c.holder_id WHERE c.id = ?`, [credentialId]))[0],

    /**
     * Rows of the word index whose word starts with `lead`, after `after`, in key order, that pass the
     * filters: at most `n`, from a window of at most `window` rows read. When fewer than `n` pass,
     * `windowEnd` is the key of the window's last row (where to read on), or null when the range ended
     * inside it. Filtering happens in the database, in the same pass as the read.
     */
    async words(lead: string, after: Cursor | null, f: WordFilters, n: number, window: number): Promise<{ rows: WordRow[]; windowEnd: Cursor | null }> {
      // After a cursor the row value alone is the lower bound (the cursor lies inside the range), so the
      // read seeks straight to it instead of walking from the start of the prefix.
      const [range, params] = after
        ? ['(token, sort_name, holder_id) > (?, ?, ?) AND token < ?', [after.token ?? '', after.sortName, after.holderId, prefixEnd(lead)]]
        : ['token >= ? AND token < ?', [lead, prefixEnd(lead)]];
      const scan = `FROM register_tokens WHERE ${range} ORDER BY token, sort_name, holder_id`;
      // Unfiltered (the common prefixes, where most rows are read): each word row comes with its entry in
      // the same statement, so a page is one read along the index instead of two statements.
      if (!f.country && !f.level && !f.others.length) {
        const joined = `SELECT w.token AS "token", w.sort_name AS "sortName", w.holder_id AS "holderId", w.country AS "country", w.levels AS "levels", w.tokens AS "tokens", e.name AS "name", e.credentials AS "credentials"
          FROM register_tokens w JOIN register_entries e ON e.holder_id = w.holder_id WHERE ${range.replace(/\b(token|sort_name|holder_id)\b/g, 'w.$1')} ORDER BY w.token, w.sort_name, w.holder_id LIMIT ?`;
        return { rows: await run<WordRow>(joined, [...params, n]), windowEnd: null };
      }
      const filters: string[] = [];
      const values: unknown[] = [];
      if (f.country) {
        filters.push('country = ?');
        values.push(f.country);
      }
      // Level ids and search words hold only letters, digits and hyphens: no LIKE escaping is needed.
      if (f.level) {
        filters.push(`(' ' || levels || ' ') LIKE ?`);
        values.push(`% ${f.level} %`);
      }
      for (const w of f.others) {
        filters.push(`(' ' || tokens) LIKE ?`);
        values.push(`% ${w}%`);
      }
      const rows = await run<WordRow>(`SELECT * FROM (${WORDS} ${scan} LIMIT ?) w WHERE ${filters.join(' AND ')} ORDER BY "token", "sortName", "holderId" LIMIT ?`, [...params, window, ...values, n]);
      if (rows.length === n) return { rows, windowEnd: null };
      const end = await run<Cursor>(`SELECT token AS "token", sort_name AS "sortName", holder_id AS "holderId" ${scan} LIMIT 1 OFFSET ?`, [...params, window - 1]);
      return { rows, windowEnd: end[0] ?? null };
    },

    /** The entries of some holders, in no particular order. */
    entries: (holderIds: readonly string[]): Promise<Hit[]> =>
      holderIds.length ? run(`SELECT NULL AS "token", ${ENTRY} FROM register_entries e WHERE e.holder_id IN (${holderIds.map(() => '?').join(', ')})`, [...holderIds]) : Promise.resolve([]),

    /** Holders of a level (optionally in a country), in sort-name order along register_levels' indexes. */
    byLevel(f: Filters & { level: string }): Promise<Hit[]> {
      const where = ['l.level_id = ?'];
      const params: unknown[] = [f.level];
      if (f.country) {
        where.push('l.country = ?');
        params.push(f.country);
      }
      return page(`SELECT NULL AS "token", ${ENTRY} FROM register_levels l JOIN register_entries e ON e.holder_id = l.holder_id`, 'l', where, params, f);
    },

    /** Holders who show a country, in sort-name order. */
    byCountry(f: Filters & { country: string }): Promise<Hit[]> {
      return page(`SELECT NULL AS "token", ${ENTRY} FROM register_entries e`, 'e', ['e.country = ?'], [f.country], f);
    },
  };

  function page(from: string, alias: 'l' | 'e', where: string[], params: unknown[], f: Filters): Promise<Hit[]> {
    if (f.after) {
        where.push(`(${alias}.sort_name, ${alias}.holder_id) > (?, ?)`);
        params.push(f.after.sortName, f.after.holderId);
      }
    params.push(f.limit);
    return run<Hit>(`${from} WHERE ${where.join(' AND ')} ORDER BY ${alias}.sort_name, ${alias}.holder_id LIMIT ?`, params);
  }
}
export type RegisterSearch = ReturnType<typeof registerSearch>;
