// The eddsa-rdfc-2022 signing input, computed the way the reference suite does it: the SHA-256 of
// the canonical (RDFC-1.0) proof configuration followed by the SHA-256 of the canonical credential.
// Within a batch every credential shares its context, key and creation time, so the proof
// configuration's hash is computed once and kept.
import { createHash, sign } from 'node:crypto';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as base58btc from 'base58-universal';
import type { DocumentLoader, JsonObject } from '../document-loader.js';
import { createDocumentLoader, VC_V2_CONTEXT } from '../document-loader.js';
import { ExpansionCache } from './expansion-cache.js';

const DI_V2_CONTEXT = 'https://w3id.org/security/data-integrity/v2';

export type ProofOptions = { verificationMethod: string; created: string };

/** XSD dateTimeStamp without fractional seconds, as the reference suite writes `created`. */
export const w3cDate = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;

const canonize = (doc: unknown, documentLoader: DocumentLoader, skipExpansion = false): Promise<string> =>
  eddsaRdfc2022.canonize(doc, { documentLoader, base: null, safe: true, skipExpansion });

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

/** The document's context with the Data Integrity context added when neither it nor VC 2.0 is there. */
function contextWithSuite(context: unknown): unknown {
  const list = Array.isArray(context) ? context : context === undefined ? [] : [context];
  return list.includes(VC_V2_CONTEXT) || list.includes(DI_V2_CONTEXT) ? context : [...list, DI_V2_CONTEXT];
}

export function proofConfiguration(options: ProofOptions): JsonObject {
  return {
    type: 'DataIntegrityProof',
    created: options.created,
    verificationMethod: options.verificationMethod,
    cryptosuite: 'eddsa-rdfc-2022',
    proofPurpose: 'assertionMethod',
  };
}

let shapes: ExpansionCache | undefined;
/**
 * This thread's expansion shapes, kept by every signer on it across batches, keys and creation times (a
 * shape depends on the document and the bundled contexts alone).
 */
export const threadShapes = (): ExpansionCache => (shapes ??= new ExpansionCache(createDocumentLoader()));

/** Signs credentials with one key and one creation time, keeping the proof configuration's hash per context. */
export class ProofSigner {
  private readonly proofHashes = new Map<string, Promise<Buffer>>();
  private readonly expansions: ExpansionCache;

  constructor(
    private readonly key: { keyObject: Parameters<typeof sign>[2] },
    private readonly options: ProofOptions,
    private readonly documentLoader: DocumentLoader,
    expansions?: ExpansionCache,
  ) {
    this.expansions = expansions ?? new ExpansionCache(documentLoader);
  }

  private async documentHash(doc: JsonObject): Promise<Buffer> {
    const expanded = await this.expansions.expand(doc);
    return sha256(await (expanded ? canonize(expanded, this.documentLoader, true) : canonize(doc, this.documentLoader)));
  }

  private proofHash(credential: JsonObject): Promise<Buffer> {
    const context = contextWithSuite(credential['@context']);
    const cacheKey = JSON.stringify(context);
    let hit = this.proofHashes.get(cacheKey);
    if (!hit) {
      const config = { '@context': context, ...proofConfiguration(this.options) };
      hit = canonize(config, this.documentLoader).then(sha256);
      this.proofHashes.set(cacheKey, hit);
    }
    return hit;
  }

  /** The credential with its proof added (the input is not changed). */
  async sign(credential: JsonObject): Promise<JsonObject> {
    const { proof: _existing, ...unsecured } = credential;
    const [proofHash, docHash] = await Promise.all([this.proofHash(unsecured), this.documentHash(unsecured)]);
    const signature = sign(null, Buffer.concat([proofHash, docHash]), this.key.keyObject);
    const proof = { ...proofConfiguration(this.options), proofValue: `z${base58btc.encode(signature)}` };
    return { ...unsecured, proof };
  }
}
