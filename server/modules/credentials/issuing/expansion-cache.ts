// JSON-LD expansion by shape. Credentials of one batch differ only in their string values (ids,
// dates, hashes, indexes); expanding the same contexts again for each of them spends most of
// the signing time copying active contexts. So a credential is split into its shape (the JSON with
// every string value replaced by a numbered slot, types and contexts kept) and its values; the shape
// is expanded once, and each credential's expansion is the shape's with the values put back.
// A value goes back only where that is provably what expansion would have produced: as a literal
// (@value), or as an IRI (@id) when it is already absolute and its prefix is no term of any context
// we carry; anything else returns null and the caller expands the credential in full.
import jsonld from 'jsonld';
import type { DocumentLoader, JsonObject } from '../document-loader.js';
import { knownContextUrls, staticContext } from '../document-loader.js';

const SLOT = 'urn:x-guildhall-slot:';
const KEEP = new Set(['@context', 'type', '@type']);
type Json = unknown;
type Template = { expanded: Json; idSlots: Set<number> } | null;

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

/** An absolute IRI whose expansion is itself (no term prefix, no blank node, no keyword). */
function expandsToItself(value: string): boolean {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/.exec(value);
  return m !== null && m[1] !== '_' && !(termNames.has(m[1] as string) && !(m[2] as string).startsWith('//'));
}

function split(doc: Json, values: string[], key = '', keep = KEEP): Json {
  if (typeof doc === 'string') {
    if (keep.has(key)) return doc;
    values.push(doc);
    return `${SLOT}${values.length - 1}`;
  }
  if (Array.isArray(doc)) return doc.map((d) => split(d, values, key, keep));
  if (doc && typeof doc === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(doc)) out[k] = k === '@context' ? v : split(v, values, k, keep);
    return out;
  }
  return doc;
}

/** Where each slot landed in the expanded shape; null when one landed anywhere but @value or @id. */
function inspect(expanded: Json, slotCount: number): Template {
  const idSlots = new Set<number>();
  const seen = new Set<number>();
  let ok = true;
  const walk = (node: Json, key: string): void => {
    if (typeof node === 'string') {
      if (!node.startsWith(SLOT)) return;
      const n = Number(node.slice(SLOT.length));
      seen.add(n);
      if (key === '@id') idSlots.add(n);
      else if (key !== '@value') ok = false;
    } else if (Array.isArray(node)) {
      for (const x of node) walk(x, key);
    }
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k.startsWith(SLOT)) ok = false;
        walk(v, k);
      }
    }
  };
  walk(expanded, '');
  return ok && seen.size === slotCount ? { expanded, idSlots } : null;
}

function fill(node: Json, values: string[]): Json {
  if (typeof node === 'string') return node.startsWith(SLOT) ? values[Number(node.slice(SLOT.length))] : node;
  if (Array.isArray(node)) return node.map((x) => fill(x, values));
  if (node && typeof node === 'object') {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(node)) out[k] = fill(v, values);
    return out;
  }
  return node;
}

export class ExpansionCache {
  private readonly shapes = new Map<string, Promise<Template>>();
  private readonly keep: Set<string>;

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
    const values: string[] = [];
    const shape = split(doc, values, '', this.keep);
    const key = JSON.stringify(shape);
    let template = this.shapes.get(key);
    if (!template) {
      if (this.shapes.size >= this.maxShapes) this.shapes.clear();
      template = jsonld
        .expand(shape as JsonObject, { documentLoader: this.documentLoader, safe: true, base: null } as never)
        .then((expanded: Json) => inspect(expanded, values.length), () => null);
      this.shapes.set(key, template as Promise<Template>);
    }
    const t = await (template as Promise<Template>);
    if (!t) return null;
    for (const n of t.idSlots) if (!expandsToItself(values[n] as string)) return null;
    return fill(t.expanded, values) as Json[];
  }
}
