import fc from 'fast-check';
import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { badge } from '../credentials.fixtures.js';
import { createDocumentLoader, type JsonObject } from '../document-loader.js';
import { ExpansionCache } from './expansion-cache.js';

const loader = createDocumentLoader();
const reference = (doc: JsonObject) => jsonld.expand(doc, { documentLoader: loader, safe: true, base: null } as never).then((x: unknown) => x, () => 'refused');

// Values chosen to reach every branch: plain IRIs, blank node ids, term prefixes, relative references,
// white space, numbers where strings usually go, and strings where numbers do.
const iri = fc.oneof(
  { arbitrary: fc.constantFrom('https://guild.example/events/summit#session-1', 'urn:uuid:1', 'did:web:guild.example', 'https://guild.example/events/summit#session-2'), weight: 8 },
  { arbitrary: fc.constantFrom('https://guild.example/a b', '_:b1', 'schema:Thing', 'relative/path'), weight: 1 },
);
const text = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('Ünïcode "quoted"\nline', ''));
const value = fc.oneof(text, fc.integer({ min: -5, max: 500 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }));
const evidence = fc.record({ id: iri, type: fc.constant(['Evidence']), name: value, description: text, narrative: text }, { requiredKeys: ['type'] });

const credential = fc.record({
  evidence: fc.oneof(fc.array(evidence, { maxLength: 6 }), fc.array(evidence, { minLength: 1, maxLength: 6 }).map((xs) => xs.map((x) => ({ ...x, name: 'same shape' })))),
  credits: fc.oneof(fc.integer({ min: 0, max: 80 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: 0, max: 80 }), fc.constant('12')),
  statuses: fc.integer({ min: 1, max: 3 }),
  did: fc.option(iri, { nil: undefined }),
  tags: fc.array(text, { maxLength: 3 }),
  stray: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
});

type Input = { evidence: JsonObject[]; credits: number | string; statuses: number; did?: string | undefined; tags: string[]; stray: boolean };

function build(c: Input, i: number): JsonObject {
  const doc = badge(i, c.did ? { did: c.did } : {}) as JsonObject & { credentialSubject: JsonObject & { achievement: JsonObject } };
  doc.credentialSubject.creditsEarned = c.credits;
  doc.credentialSubject.achievement.tag = c.tags;
  doc.credentialStatus = Array.from({ length: c.statuses }, (_, k) => ({ id: `https://guild.example/status/1#${i * 3 + k}`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: String(i * 3 + k), statusListCredential: 'https://guild.example/status/1' }));
  if (c.evidence.length) doc.evidence = c.evidence;
  if (c.stray) (doc.credentialSubject as JsonObject).notATerm = 'dropped by expansion, so refused in safe mode';
  return doc;
}

describe('expansion by shape', () => {
  it('gives what full expansion gives, or leaves the document to it', async () => {
    const cache = new ExpansionCache(loader);
    await fc.assert(
      fc.asyncProperty(credential, fc.nat(1000), async (c, i) => {
        const doc = build(c, i);
        const expected = await reference(doc);
        const got = await cache.expand(doc);
        if (expected === 'refused') expect(got).toBeNull();
        else if (got !== null) expect(got).toEqual(expected);
      }),
      { seed: 20261207, numRuns: 120 },
    );
    // Most of these documents have a shape the cache can fill: the comparison above was not vacuous.
    expect(cache.stats.full).toBeLessThan(cache.stats.documents / 2);
  });

  it('keeps one shape for lists of any length and any numbers', async () => {
    const cache = new ExpansionCache(loader);
    for (let n = 1; n <= 12; n++) {
      const doc = build({ evidence: Array.from({ length: n }, (_, k) => ({ id: `https://guild.example/events/summit#session-${k}`, type: ['Evidence'], name: `Session ${k}`, description: `${k} hours` })), credits: n * 1.25, statuses: 1 + (n % 3), did: undefined, tags: [], stray: false }, n);
      expect(await cache.expand(doc)).toEqual(await reference(doc));
    }
    expect(cache.stats).toEqual({ documents: 12, shapes: 1, full: 0 });
  });

  it('leaves a list whose entries differ in shape to be taken entry by entry', async () => {
    const cache = new ExpansionCache(loader);
    const doc = build({ evidence: [{ type: ['Evidence'], name: 'a' }, { type: ['Evidence'], name: 'b', description: 'c' }], credits: 1, statuses: 1, did: undefined, tags: [], stray: false }, 1);
    expect(await cache.expand(doc)).toEqual(await reference(doc));
    expect(cache.stats.full).toBe(0);
  });
});
