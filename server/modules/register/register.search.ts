import { CompiledQuery } from 'kysely';
import type SQLite from 'better-sqlite3';
import type { DbHandle } from '../../db/database.js';
import { type Cursor, prefixEnd } from './register.rules.js';

/** One row of a search: the entry and the key of the index it was read along. */
export type Hit = { holderId: string; sortName: string; token: string | null; name: string; country: string | null; credentials: string; tokens: string };
type Filters = { level?: string; country?: string; after?: Cursor | null; limit: number };

const ENTRY = `e.holder_id AS "holderId", e.sort_name AS "sortName", e.name AS "name", e.country AS "country", e.credentials AS "credentials", e.tokens AS "tokens"`;

/**
 * The register's searches, written as SQL text with `?` parameters that both dialects accept (row-value
 * comparisons included). searchRegister is the register's hot path (aim: p95 ≤ 20 ms over a million
 * holders), so on SQLite each text runs as a prepared statement kept for reuse, as the session lookup
 * does (docs/decisions/0004-hot-paths.md): preparing and building the query on every request cost more
 * than reading the page. The texts depend only on which filters are given, so there are a few dozen.
 * On PostgreSQL the same text runs through Kysely with numbered parameters.
 */
export function registerSearch(database: DbHandle) {
  const sqlite = database.sqlite;
  const statements = new Map<string, SQLite.Statement>();
  async function run(text: string, params: unknown[]): Promise<Hit[]> {
    if (sqlite) {
      let stmt = statements.get(text);
      if (!stmt) {
        stmt = sqlite.prepare(text);
        statements.set(text, stmt);
      }
      return stmt.all(...params) as Hit[];
    }
    let n = 0;
    const numbered = text.replace(/\?/g, () => `$${++n}`);
    return (await database.db.executeQuery<Hit>(CompiledQuery.raw(numbered, params))).rows;
  }

  return {
    /** The listed holder of a credential, if any. */
    byCredential: async (credentialId: string): Promise<Hit | undefined> =>
      (await run(`SELECT NULL AS "token", ${ENTRY} FROM credentials c JOIN register_entries e ON e.holder_id = c.holder_id WHERE c.id = ?`, [credentialId]))[0],

    /**
     * Holders with a name word starting with `lead`, in (word, sort name, holder) order, read along
     * register_tokens_search_idx; `others` must each start some word of the same name. A holder with
     * two matching words comes back once per word (the service keeps the first).
     */
    byName(f: Filters & { lead: string; others: readonly string[] }): Promise<Hit[]> {
      const where = ['t.token >= ?', 't.token < ?'];
      const params: unknown[] = [f.lead, prefixEnd(f.lead)];
      if (f.country) {
        where.push('t.country = ?');
        params.push(f.country);
      }
      if (f.level) {
        where.push('EXISTS (SELECT 1 FROM register_levels l WHERE l.holder_id = t.holder_id AND l.level_id = ?)');
        params.push(f.level);
      }
      // Search words hold only letters and digits, so they need no LIKE escaping.
      for (const w of f.others) {
        where.push(`(' ' || e.tokens) LIKE ?`);
        params.push(`% ${w}%`);
      }
      if (f.after) {
        where.push('(t.token, t.sort_name, t.holder_id) > (?, ?, ?)');
        params.push(f.after.token ?? '', f.after.sortName, f.after.holderId);
      }
      params.push(f.limit);
      return run(
        `SELECT t.token AS "token", ${ENTRY} FROM register_tokens t JOIN register_entries e ON e.holder_id = t.holder_id WHERE ${where.join(' AND ')} ORDER BY t.token, t.sort_name, t.holder_id LIMIT ?`,
        params,
      );
    },

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
    return run(`${from} WHERE ${where.join(' AND ')} ORDER BY ${alias}.sort_name, ${alias}.holder_id LIMIT ?`, params);
  }
}
export type RegisterSearch = ReturnType<typeof registerSearch>;
