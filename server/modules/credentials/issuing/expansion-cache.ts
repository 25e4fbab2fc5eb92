// JSON-LD expansion by shape. Credentials of one batch differ only in their values (ids, dates,
// hashes, indexes, numbers) and in how many entries some lists hold (a credential of attendance lists
// each session attended); expanding the same contexts again for each of them spends most of the
// signing time copying active contexts. So a credential is split into its shape (the JSON with every
// string and number value replaced by a numbered slot, types and contexts kept) and its values; the
// shape is expanded once, and each credential's expansion is the shape's with the values put back.
//
// A list whose entries are objects of one shape is a group: the shape holds two copies of one entry
// (sides a and b, so that expansion shows where one entry ends and the next begins), whatever the
// list's length, and the entry's expansion is repeated once per entry. Expanding a list is expanding
// each entry on its own with the same active context, so this is what expansion would have produced.
//
// A value goes back only where that is provably what expansion would have produced: as a literal
// (@value; a number only where no language or direction was added to it), or as an IRI (@id) when it
// is a string already absolute whose prefix is no term of any context we carry; a group only where its
// two entries expanded to two neighbouring items of one list, each holding its own side's slots and
// nothing else. Anything else falls back to the plain shape (no groups, numbers kept), and failing
// that returns null: the caller expands the credential in full.
import jsonld from 'jsonld';
import type { DocumentLoader, JsonObject } from '../document-loader.js';
import { knownContextUrls, staticContext } from '../document-loader.js';

const SLOT = 'urn:x-guildhall-slot:';
const SLOT_RE = /^urn:x-guildhall-slot:([sn]):(?:g(\d+)\.([ab])\.)?(\d+)$/;
const KEEP = new Set(['@context', 'type', '@type']);
type Json = unknown;
type Value = string | number;
/** A list entry's expansion, repeated once per entry of group `g` when filled. */
class Repeat {
  constructor(
    readonly g: number,
    readonly node: Json,
  ) {}
}
/** Slots filled as IRIs: flat ones by number, group ones as [group, index]. */
type Template = { expanded: Json; idSlots: number[]; groupIdSlots: Array<[number, number]> } | null;
/** A credential split: its shape, its flat values, and each group's entries' values. */
type Split = { shape: Json; values: Value[]; groups: Value[][][]; numbers: boolean };

/** Every term name defined anywhere in the carried contexts (scoped contexts included). */
const termNames: Set<string> = (() => {
  const names = new Set<string>();
  const walk = (ctx: Json): void => {
    if (Array.isArray(ctx)) {
      for (const x of ctx) walk(x);
      return;
    }
    if (!ctx || typeof ctx !== 'object') return;
    for (const [k, v] of Object.entries(ctx)) {
      names.add(k);
      if (v && typeof v === 'object' && '@context' in v) walk((v as JsonObject)['@context']);
    }
  };
  for (const url of knownContextUrls()) walk(staticContext(url)?.['@context']);
  return names;
})();

/** An absolute IRI whose expansion is itself (no term prefix, no blank node, no keyword) and that RDF keeps (no white space). */
function expandsToItself(value: Value): boolean {
  if (typeof value !== 'string') return false;
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(\S*)$/.exec(value);
  return m !== null && m[1] !== '_' && !(termNames.has(m[1] as string) && !(m[2] as string).startsWith('//'));
}

const isPlainObject = (x: Json): x is JsonObject => !!x && typeof x === 'object' && !Array.isArray(x);

/**
 * Splits `doc` into its shape and values. With `grouped`, lists of same-shaped objects become groups
 * and numbers are slots too; without, numbers stay in the shape and every list is taken entry by entry.
 */
function splitDoc(doc: JsonObject, keep: Set<string>, grouped: boolean): Split {
  const out: Split = { shape: null, values: [], groups: [], numbers: grouped };
  const walk = (node: Json, key: string, values: Value[], prefix: string, groups: boolean): Json => {
    if (typeof node === 'string' || (grouped && typeof node === 'number')) {
      if (keep.has(key)) return node;
      values.push(node);
      return `${SLOT}${typeof node === 'string' ? 's' : 'n'}:${prefix}${values.length - 1}`;
    }
    if (Array.isArray(node)) {
      if (groups && !keep.has(key) && node.length > 0 && node.every(isPlainObject)) {
        const g = out.groups.length;
        const entries = node.map((d) => {
          const vals: Value[] = [];
          const shape = walk(d, key, vals, `g${g}.a.`, false);
          return { shape, text: JSON.stringify(shape), vals };
        });
        if (entries[0]!.vals.length > 0 && entries.every((e) => e.text === entries[0]!.text)) {
          out.groups.push(entries.map((e) => e.vals));
          return [entries[0]!.shape, walk(node[0], key, [], `g${g}.b.`, false)];
        }
      }
      return node.map((d) => walk(d, key, values, prefix, groups));
    }
    if (isPlainObject(node)) {
      const o: JsonObject = {};
      for (const [k, v] of Object.entries(node)) o[k] = k === '@context' ? v : walk(v, k, values, prefix, groups);
      return o;
    }
    return node;
  };
  out.shape = walk(doc, '', out.values, '', grouped);
  return out;
}

type SlotRef = { kind: 's' | 'n'; g: number | null; side: 'a' | 'b' | null; n: number };
function slotOf(text: string): SlotRef | null {
  const m = SLOT_RE.exec(text);
  if (!m) return null;
  return { kind: m[1] as 's' | 'n', g: m[2] === undefined ? null : Number(m[2]), side: (m[3] as 'a' | 'b' | undefined) ?? null, n: Number(m[4]) };
}

/**
 * Where each slot landed in the expanded shape, and each group's entry; null when a slot landed anywhere
 * but @value or @id, a number anywhere but a plain @value, or a group's entries did not expand to two
 * neighbouring items of one list.
 */
function inspect(expanded: Json, split: Split): Template {
  const idSlots = new Set<number>();
  const groupIdSlots = new Map<string, [number, number]>();
  const seen = new Set<string>();
  /** The slots under each object and array: a group's entry is found by what it holds. */
  const under = new Map<object, Set<string>>();
  let ok = true;
  const walk = (node: Json, key: string, parent: JsonObject | null): Set<string> => {
    const here = new Set<string>();
    if (typeof node === 'string') {
      const s = node.startsWith(SLOT) ? slotOf(node) : null;
      if (node.startsWith(SLOT) && !s) ok = false;
      if (!s) return here;
      here.add(node);
      seen.add(node);
      if (key === '@id' && s.kind === 's') {
        if (s.g === null) idSlots.add(s.n);
        else groupIdSlots.set(`${s.g} ${s.n}`, [s.g, s.n]);
      } else if (key !== '@value' || (s.kind === 'n' && parent && ('@language' in parent || '@direction' in parent))) ok = false;
      return here;
    }
    if (Array.isArray(node)) {
      for (const x of node) for (const t of walk(x, key, parent)) here.add(t);
    } else if (isPlainObject(node)) {
      for (const [k, v] of Object.entries(node)) {
        if (k.startsWith(SLOT)) ok = false;
        for (const t of walk(v, k, node)) here.add(t);
      }
    } else return here;
    under.set(node as object, here);
    return here;
  };
  walk(expanded, '', null);
  const expected = split.values.length + split.groups.reduce((a, g) => a + 2 * (g[0]?.length ?? 0), 0);
  if (!ok || seen.size !== expected) return null;

  // Each group: one list holding side a's entry and, next to it, side b's; the a entry becomes a Repeat.
  const sideOf = (slots: Set<string> | undefined, g: number) => {
    const sides = new Set<string>();
    for (const t of slots ?? []) {
      const s = slotOf(t)!;
      sides.add(s.g === g ? (s.side as string) : 'other');
    }
    return sides;
  };
  for (let g = 0; g < split.groups.length; g++) {
    let found = false;
    for (const [node, slots] of under) {
      if (!Array.isArray(node)) continue;
      const sides = node.map((item) => sideOf(typeof item === 'string' ? new Set(slotOf(item) ? [item] : []) : under.get(item as object), g));
      const withA = sides.flatMap((s, i) => (s.has('a') ? [i] : []));
      const withB = sides.flatMap((s, i) => (s.has('b') ? [i] : []));
      if (!withA.length || !withB.length || (withA.length === 1 && withA[0] === withB[0])) continue;
      // Side a and side b in different items of this list: they must be two neighbours, each all of one side.
      const [ia, ib] = [withA[0]!, withB[0]!];
      const count = (side: 'a' | 'b') => [...slots].filter((t) => slotOf(t)?.g === g && slotOf(t)?.side === side).length;
      const alone = (i: number, side: string) => sides[i]!.size === 1 && sides[i]!.has(side);
      const full = (i: number, side: 'a' | 'b') => [...(under.get(node[i] as object) ?? [])].length === count(side);
      if (found || withA.length !== 1 || withB.length !== 1 || ib !== ia + 1 || !alone(ia, 'a') || !alone(ib, 'b') || !full(ia, 'a') || !full(ib, 'b')) return null;
      if (count('a') !== split.groups[g]![0]!.length || JSON.stringify(node[ia]).replaceAll(`:g${g}.a.`, `:g${g}.b.`) !== JSON.stringify(node[ib])) return null;
      node.splice(ia, 2, new Repeat(g, node[ia]));
      found = true;
    }
    if (!found) return null;
  }
  return { expanded, idSlots: [...idSlots], groupIdSlots: [...groupIdSlots.values()] };
}

function fill(node: Json, split: Split, entry: Value[] | null): Json {
  if (typeof node === 'string') {
    if (!node.startsWith(SLOT)) return node;
    const s = slotOf(node)!;
    return s.g === null ? split.values[s.n] : (entry as Value[])[s.n];
  }
  if (Array.isArray(node)) {
    const out: Json[] = [];
    for (const x of node) {
      if (x instanceof Repeat) for (const e of split.groups[x.g]!) out.push(fill(x.node, split, e));
      else out.push(fill(x, split, entry));
    }
    return out;
  }
  if (node && typeof node === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(node)) out[k] = fill(v, split, entry);
    return out;
  }
  return node;
}

/** Documents asked for, shapes expanded (the misses), and documents left to full expansion. */
export type ExpansionStats = { documents: number; shapes: number; full: number };

export class ExpansionCache {
  private readonly shapes = new Map<string, Promise<Template>>();
  private readonly keep: Set<string>;
  readonly stats: ExpansionStats = { documents: 0, shapes: 0, full: 0 };

  /**
   * `keepValues`: more keys whose string values stay in the shape, for values expansion does not keep as
   * they are (a proof's proofPurpose is a vocabulary term); more shapes, never a wrong one.
   */
  constructor(
    private readonly documentLoader: DocumentLoader,
    private readonly maxShapes = 256,
    keepValues: string[] = [],
  ) {
    this.keep = new Set([...KEEP, ...keepValues]);
  }

  /** The expanded form of `doc` from a cached shape, or null when it must be expanded in full. */
  async expand(doc: JsonObject): Promise<Json[] | null> {
    this.stats.documents++;
    const out = (await this.fromShape(splitDoc(doc, this.keep, true))) ?? (await this.fromShape(splitDoc(doc, this.keep, false)));
    if (!out) this.stats.full++;
    return out;
  }

  private async fromShape(split: Split): Promise<Json[] | null> {
    const key = `${split.numbers ? 'g' : 'p'}${JSON.stringify(split.shape)}`;
    let template = this.shapes.get(key);
    if (!template) {
      this.stats.shapes++;
      if (this.shapes.size >= this.maxShapes) this.shapes.clear();
      template = jsonld
        .expand(split.shape as JsonObject, { documentLoader: this.documentLoader, safe: true, base: null } as never)
        .then((expanded: Json) => inspect(expanded, split), () => null);
      this.shapes.set(key, template as Promise<Template>);
    }
    const t = await (template as Promise<Template>);
    if (!t) return null;
    for (const n of t.idSlots) if (!expandsToItself(split.values[n] as Value)) return null;
    for (const [g, n] of t.groupIdSlots) for (const e of split.groups[g]!) if (!expandsToItself(e[n] as Value)) return null;
    return fill(t.expanded, split, null) as Json[];
  }
}
