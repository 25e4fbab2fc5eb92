// Reading credentials as the data model writes them: a property may hold one value or a set of them,
// and an issuer or subject may be a plain id or an object with one.
import type { JsonObject } from '../document-loader.js';

/** The values of a property that holds one value or a list (none when absent). */
export const asArray = (x: unknown): unknown[] => (x === undefined || x === null ? [] : Array.isArray(x) ? x : [x]);

/** An id given as a string, or as the `id` of an object; undefined otherwise. */
export const idOf = (x: unknown): string | undefined =>
  typeof x === 'string' ? x : x && typeof x === 'object' && typeof (x as JsonObject)['id'] === 'string' ? ((x as JsonObject)['id'] as string) : undefined;
