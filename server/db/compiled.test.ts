import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledOnce } from './compiled.js';

type Db = { t: { id: number; name: string } };
const db = new Kysely<Db>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
afterAll(() => db.destroy());

describe('compiledOnce', () => {
  it('answers every call of a shape with that call’s values, as Kysely compiling afresh would', async () => {
    await db.schema.createTable('t').addColumn('id', 'integer').addColumn('name', 'text').execute();
    await db.insertInto('t').values([1, 2, 3, 4, 5].map((id) => ({ id, name: `n${id}` }))).execute();
    let built = 0;
    const build = (q: Kysely<Db>, v: { min: number; limit: number; name?: string }) => {
      built++;
      let s = q.selectFrom('t').select(['id', 'name']).where('id', '>=', v.min).orderBy('id').limit(v.limit);
      if (v.name !== undefined) s = s.where('name', '=', v.name);
      return s;
    };
    const run = compiledOnce(build);
    for (const v of [{ min: 2, limit: 2 }, { min: 1, limit: 9 }, { min: 1, limit: 9, name: 'n4' }, { min: 5, limit: 1, name: 'n4' }, { min: 3, limit: 1 }]) {
      const got = await run(db, v);
      const before = built;
      expect(got).toEqual(await build(db, v).execute());
      built = before;
    }
    expect(built).toBe(2); // once for each shape: with and without a name
  });

  it('compiles afresh when a value is written into the SQL text instead of a parameter', async () => {
    const run = compiledOnce((q: Kysely<Db>, v: { id: number }) => q.selectFrom('t').select('name').where('id', '=', sql.lit(v.id)));
    expect(await run(db, { id: 2 })).toEqual([{ name: 'n2' }]);
    expect(await run(db, { id: 3 })).toEqual([{ name: 'n3' }]);
  });
});
