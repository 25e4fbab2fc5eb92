import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'kysely';
import type { Db, Tx } from './database.js';

type Scope = { tx: Tx; open: boolean; savepoints: number };
const scope = new AsyncLocalStorage<Scope>();
/** Request transactions open now, in this process. */
let opened = 0;

/** What `db.transaction()` gives inside a request transaction: a savepoint of it, same interface. */
function savepointBuilder(s: Scope) {
  const builder = {
    setIsolationLevel: () => builder,
    setAccessMode: () => builder,
    async execute<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
      const name = `gh_sp_${++s.savepoints}`;
      await sql.raw(`SAVEPOINT ${name}`).execute(s.tx);
      try {
        const result = await fn(s.tx);
        await sql.raw(`RELEASE SAVEPOINT ${name}`).execute(s.tx);
        return result;
      } catch (err) {
        await sql.raw(`ROLLBACK TO SAVEPOINT ${name}`).execute(s.tx);
        await sql.raw(`RELEASE SAVEPOINT ${name}`).execute(s.tx);
        throw err;
      }
    },
  };
  return builder;
}

/**
 * The database as services see it: outside `inAmbientTransaction` it is `db` itself; inside, every
 * query runs in that transaction and `db.transaction()` becomes a savepoint of it. So a whole request
 * can commit as one (its writes with the stored answer of its Idempotency-Key) while each service
 * keeps its own transactions exactly as written: a service transaction that fails is undone alone.
 */
export function withAmbientTransactions(db: Db): Db {
  // Methods are bound once per handle (db, or a request's transaction), not on every property read:
  // services read `db.selectFrom` and the like on every query.
  const bound = new WeakMap<object, Map<PropertyKey, unknown>>();
  const read = (on: object, prop: PropertyKey): unknown => {
    let methods = bound.get(on);
    if (methods === undefined) {
      methods = new Map();
      bound.set(on, methods);
    }
    const known = methods.get(prop);
    if (known !== undefined) return known;
    const value = Reflect.get(on, prop, on);
    if (typeof value !== 'function') return value;
    const fn = value.bind(on);
    methods.set(prop, fn);
    return fn;
  };
  return new Proxy(db, {
    get(target, prop) {
      const s = scope.getStore();
      const active = s?.open ? s : null;
      if (active && prop === 'transaction') return () => savepointBuilder(active);
      return read(active ? active.tx : target, prop);
    },
  });
}

/**
 * Runs `fn` in one transaction that every query made through a `withAmbientTransactions` handle joins,
 * including queries of nested async calls. Work `fn` leaves behind (timers, batches) does not join it once it ended.
 */
export async function inAmbientTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    const s: Scope = { tx, open: true, savepoints: 0 };
    opened += 1;
    try {
      return await scope.run(s, () => fn(tx));
    } finally {
      s.open = false;
      // Once the storage has run, Node keeps a hook on every promise the process makes until it is
      // disabled; with no request transaction open nothing needs it, so requests without an
      // Idempotency-Key stop paying for it. The next run() enables it again.
      if (--opened === 0) scope.disable();
    }
  });
}
