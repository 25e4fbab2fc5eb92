import { type Compilable, type CompiledQuery, createQueryId, type Kysely } from 'kysely';

/*
 * A hot query compiled once per shape. Kysely rebuilds and compiles the same SQL text on every call (tens of
 * µs for a join, a few per cent of a queue page). Here the query is built once with a marker in place of each
 * value; later calls of the same shape (the same value names given, on the same dialect) reuse its SQL text
 * and put their values where the markers were. `build` may branch only on which values are given, never on
 * what they are. A shape where some marker does not come out as a parameter of its own is compiled anew on
 * every call, as Kysely would.
 */
type Values = Record<string, unknown>;
type Shape = { compiled: CompiledQuery; slots: Array<string | null> } | null;

const marker = (name: string) => `\u0000value:${name}\u0000`;

export function compiledOnce<V extends Values, R>(build: (q: Kysely<any>, values: V) => Compilable<R>) {
  const shapes = new Map<string, Shape>();
  return async (q: Kysely<any>, values: V): Promise<R[]> => {
    const names = Object.keys(values).filter((k) => values[k] !== undefined);
    const key = `${q.getExecutor().adapter.constructor.name}:${names.join(',')}`;
    let shape = shapes.get(key);
    if (shape === undefined) {
      const markers = Object.fromEntries(names.map((n) => [n, marker(n)])) as unknown as V;
      const compiled = build(q, markers).compile();
      const slots = compiled.parameters.map((p) => names.find((n) => p === marker(n)) ?? null);
      shape = names.every((n) => slots.includes(n)) ? { compiled, slots } : null;
      shapes.set(key, shape);
    }
    if (shape === null) return (await q.executeQuery(build(q, values).compile())).rows as R[];
    const { compiled, slots } = shape;
    const parameters = slots.map((n, i) => (n === null ? compiled.parameters[i] : values[n]));
    return (await q.executeQuery({ ...compiled, queryId: createQueryId(), parameters })).rows as R[];
  };
}
