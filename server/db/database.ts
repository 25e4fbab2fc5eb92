import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { type DatabaseConnection, type Driver, Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { checkpointInBackground } from './checkpointer.js';
import { connectionProblem, databaseAddress, isDatabaseUnavailable, markIfUnavailable } from './availability.js';
import { migrations } from './migrations/index.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;
export type DbHandle = {
  db: Db;
  dialect: 'sqlite' | 'postgres';
  /** The raw SQLite connection, for hot read paths that use prepared statements directly. */
  sqlite: SQLite.Database | null;
  close: () => Promise<void>;
};

/** Opens the configured database. SQLite runs in WAL mode with foreign keys on. */
export type OpenOptions = {
  schema?: string;
  /** PostgreSQL: how long to wait for a connection before a query fails as unavailable (default 5 s). */
  connectTimeoutMs?: number;
  /** PostgreSQL: told of each connection lost outside a query (the process carries on). */
  onConnectionError?: (err: Error) => void;
  /** SQLite file: checkpoint the write-ahead log on a worker thread instead of inside commits (checkpointer.ts). */
  checkpointInBackground?: boolean;
  /** Told when something outside a request goes wrong and is worked around (the checkpointer stopping). */
  warn?: (message: string) => void;
};

export function openDatabase(database: Config['database'], options: OpenOptions = {}): DbHandle {
  if (database.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: database.url,
      max: 10,
      // A database that does not answer fails a request within seconds instead of queueing it forever.
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      // A connection cut without a word (a partition, a failover) is probed by TCP keep-alive after 10 s idle,
      // not after the system's default two hours.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
      ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
    });
    // A connection lost while idle, or between two queries of a checked-out client, is reported as an
    // 'error' event; unheard, it would end the process. The query in flight fails on its own (and answers
    // 503), and pg drops the broken client instead of handing it out again.
    const lost = (err: Error) => options.onConnectionError?.(err);
    pool.on('error', lost);
    pool.on('connect', (client) => client.on('error', lost));
    const db = new Kysely<Database>({ dialect: new MarkingPostgresDialect({ pool }) });
    return { db, dialect: 'postgres', sqlite: null, close: () => db.destroy() };
  }
  if (database.file !== ':memory:') fs.mkdirSync(path.dirname(database.file), { recursive: true });
  const sqlite = new SQLite(database.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // Savepoints (a shared commit's per-request undo) journal into temporary storage: in memory, not a file.
  sqlite.pragma('temp_store = MEMORY');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: preparedOnce(sqlite) }) });
  const checkpointer = options.checkpointInBackground && database.file !== ':memory:' ? checkpointInBackground(sqlite, database.file, undefined, options.warn) : null;
  return {
    db,
    dialect: 'sqlite',
    sqlite,
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
    },
  };
}

/**
 * PostgreSQL through Kysely, with each connection failure marked where it comes out of the driver (getting a
 * connection, or any query on one), so the error handler and the job worker can tell "the database is away"
 * from the same socket codes out of SMTP or a remote fetch.
 */
class MarkingPostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    const connections = new WeakMap<DatabaseConnection, DatabaseConnection>();
    const marking = (connection: DatabaseConnection): DatabaseConnection => {
      let wrapped = connections.get(connection);
      if (!wrapped) {
        wrapped = new Proxy(connection, {
          get(target, prop) {
            if (prop === 'executeQuery') {
              return async (...args: Parameters<DatabaseConnection['executeQuery']>) => {
                try {
                  return await target.executeQuery(...args);
                } catch (err) {
                  throw markIfUnavailable(err);
                }
              };
            }
            if (prop === 'streamQuery') {
              return async function* (...args: Parameters<DatabaseConnection['streamQuery']>) {
                try {
                  yield* target.streamQuery(...args);
                } catch (err) {
                  throw markIfUnavailable(err);
                }
              };
            }
            const value = Reflect.get(target, prop, target);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
        connections.set(connection, wrapped);
      }
      return wrapped;
    };
    return new Proxy(driver, {
      get(target, prop) {
        if (prop === 'acquireConnection') {
          return async () => {
            try {
              return marking(await target.acquireConnection());
            } catch (err) {
              throw markIfUnavailable(err);
            }
          };
        }
        const value = Reflect.get(target, prop, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}

/**
 * The connection as Kysely sees it, with each SQL text prepared once: preparing a statement costs more than
 * running a short indexed query, and Kysely would prepare anew on every call. The cache is bounded because
 * `in (?, ?, …)` lists give one text per length. Sharing a statement is safe: Kysely runs one query at a time
 * on SQLite's single connection.
 */
function preparedOnce(sqlite: SQLite.Database, max = 1000) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string): SQLite.Statement {
      const hit = statements.get(text);
      if (hit) return hit;
      const statement = sqlite.prepare(text);
      if (statements.size >= max) statements.delete(statements.keys().next().value as string);
      statements.set(text, statement);
      return statement;
    },
  };
}

/** Applies pending migrations; throws with the failing migration's name on error. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  // Kysely looks for its migration tables in every visible schema unless told which one; on a
  // PostgreSQL database shared by several schemas it would find another schema's tables and skip
  // creating its own. Name the current schema (the search_path's first) explicitly.
  const isPostgres = db.getExecutor().adapter.constructor.name.startsWith('Postgres');
  const migrationTableSchema = isPostgres
    ? (await sql<{ s: string }>`SELECT current_schema() AS s`.execute(db)).rows[0]?.s
    : undefined;
  const migrator = new Migrator({ db, migrationTableSchema, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error) {
    throw new Error(`Migration ${failed?.migrationName ?? ''} failed: ${(error as Error).message ?? error}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** The database did not answer within the configured wait; the message is for people (no stack). */
export class DatabaseUnavailableError extends Error {}

export type WaitOptions = {
  /** How long to keep retrying, in ms; 0 fails at the first refusal. */
  waitMs: number;
  /** Where the one-line retry notes go (standard error by default). */
  say?: (line: string) => void;
};

/**
 * Runs `step` (the first use of the database at start-up), retrying every 1–2 s while PostgreSQL is not
 * answering, for at most `waitMs`; then throws DatabaseUnavailableError. Other failures, and any on SQLite,
 * are thrown at once.
 */
export async function whenDatabaseAnswers<T>(database: Config['database'], step: () => Promise<T>, opts: WaitOptions): Promise<T> {
  const say = opts.say ?? ((line: string) => console.error(line));
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (database.kind !== 'postgres' || !isDatabaseUnavailable(err)) throw err;
      const where = `PostgreSQL at ${databaseAddress(database.url)}`;
      const delay = attempt === 0 ? 1000 : 2000;
      if (Date.now() - started + delay > opts.waitMs) {
        const waited = Math.round((Date.now() - started) / 1000);
        throw new DatabaseUnavailableError(
          `${where} is not answering (${connectionProblem(err)})${waited > 0 ? ` after ${waited} s of retrying` : ''}. Check that it is running and that DATABASE_URL is right; DATABASE_WAIT_SECONDS sets how long to wait at start.`,
        );
      }
      say(`${where} is not answering (${connectionProblem(err)}); retrying in ${delay / 1000} s…`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
