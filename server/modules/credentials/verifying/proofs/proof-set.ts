// Every Data Integrity proof on a document, each checked by its own suite (VC Data Integrity 1.0, "Verify
// Proof Sets and Chains"): a set verifies only when every proof does, and a proof with previousProof is
// checked over the document together with the proofs it follows. jsonld-signatures' own verify() is not
// used for this: it passes a set when any one proof verifies and skips proofs no suite matches, and it has
// no chains; its suites and proof purposes are used one proof at a time instead.
import jsigs from 'jsonld-signatures';
import type { DocumentLoader, JsonObject, RemoteDocument } from '../../document-loader.js';
import type { CheckDetails } from '../checks.js';
import { KeyProblem, type ProofKey, resolveProofKey } from './proof-key.js';
import { algorithmWords, isSdBaseProof, type SuiteEntry, suiteFor } from './suites.js';
import { asArray } from '../json.js';

export type ProofReport = {
  index: number;
  ok: boolean;
  reason: string;
  suite?: SuiteEntry;
  key?: ProofKey;
};
export type ProofSetOutcome = { ok: boolean; reason: string; reports: ProofReport[]; details?: CheckDetails };

export type ProofSetOptions = {
  documentLoader: DocumentLoader;
  /** The proof purpose every proof must have: assertionMethod for a credential, authentication for a presentation. */
  term: 'assertionMethod' | 'authentication';
  challenge?: string;
  domain?: string;
  /** Our own DID: a key from its document is named as ours. */
  ownDid?: string;
  /** "credential" or "presentation", for reasons. */
  noun?: string;
};

const isObject = (x: unknown): x is JsonObject => typeof x === 'object' && x !== null && !Array.isArray(x);
const TERM_WORDS = { assertionMethod: 'assertions', authentication: 'authentication' } as const;
// The suite's own purpose check is replaced by the controller check below, made after the signature.
const deferredPurpose = { validate: async () => ({ valid: true }) };

function messageOf(error: unknown): string {
  const errors = (error as { errors?: unknown[] })?.errors;
  if (Array.isArray(errors) && errors[0]) return messageOf(errors[0]);
  if (Array.isArray(error) && error[0]) return messageOf(error[0]);
  // JSON-LD safe mode names the term it could not expand; say which.
  const event = (error as { details?: { event?: { details?: Record<string, unknown> } } })?.details?.event?.details;
  const term = event?.['property'] ?? event?.['type'] ?? event?.['term'];
  if (term !== undefined) return `"${String(Array.isArray(term) ? term.join(', ') : term)}" is not defined by any @context`;
  return error instanceof Error ? error.message : String(error);
}

/** The proofs a chained proof follows, or the ids it names that are not in the set. */
function previousOf(proof: JsonObject, all: JsonObject[]): { proofs: JsonObject[]; missing: string[] } {
  const ids = asArray(proof['previousProof']).map(String);
  const proofs: JsonObject[] = [];
  const missing: string[] = [];
  for (const id of ids) {
    const hit = all.find((p) => p['id'] === id);
    if (hit) proofs.push(hit);
    else missing.push(id);
  }
  return { proofs, missing };
}

/** The controller document, checked to be about the controller, for the purpose's listing check. */
async function controllerDocument(key: ProofKey, loader: DocumentLoader, term: string): Promise<JsonObject> {
  const controller = key.method['controller'];
  const id = typeof controller === 'string' ? controller : isObject(controller) ? controller['id'] : undefined;
  if (typeof id !== 'string') throw new KeyProblem(`The key ${key.id} names no controller, so nothing shows whose key it is.`);
  let doc: JsonObject;
  try {
    doc = (await loader(id)).document;
  } catch (error) {
    throw new KeyProblem(`The controller document ${id} of the key ${key.id} could not be loaded: ${messageOf(error)}`);
  }
  if (doc['id'] !== id) throw new KeyProblem(`The controller document fetched for ${id} is about ${String(doc['id'])}.`);
  // A DID document may list its keys by relative reference ("#key-1"); the purpose compares whole ids.
  const absolute = (x: unknown) => (typeof x === 'string' && x.startsWith('#') ? `${id}${x}` : isObject(x) && typeof x['id'] === 'string' && x['id'].startsWith('#') ? { ...x, id: `${id}${x['id']}` } : x);
  return { ...doc, [term]: asArray(doc[term]).map(absolute) };
}

function purposeFor(options: ProofSetOptions, controller: JsonObject) {
  const { purposes } = jsigs;
  if (options.term === 'assertionMethod') return new purposes.AssertionProofPurpose({ controller });
  if (options.challenge !== undefined) return new purposes.AuthenticationProofPurpose({ controller, challenge: options.challenge, domain: options.domain });
  return new purposes.ControllerProofPurpose({ term: options.term, controller });
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const uncap = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

async function verifyOne(proof: unknown, index: number, total: number, all: JsonObject[], unsecured: JsonObject, options: ProofSetOptions): Promise<ProofReport> {
  const single = total === 1;
  // "The proof is …" alone, "proof[1] is …" in a set; a whole sentence stands alone, or after "proof[1]:".
  const fail = (rest: string, suite?: SuiteEntry, key?: ProofKey): ProofReport => ({ index, ok: false, reason: `${single ? 'The proof' : `proof[${index}]`} ${rest}`, suite, key });
  const say = (sentence: string, suite?: SuiteEntry, key?: ProofKey): ProofReport => ({ index, ok: false, reason: single ? cap(sentence) : `proof[${index}]: ${uncap(sentence)}`, suite, key });
  const noun = options.noun ?? 'credential';
  if (!isObject(proof)) return fail('is not a proof object.');
  const suite = suiteFor(proof);
  if ('refusal' in suite) return fail(`${suite.refusal}.`);
  if (isSdBaseProof(proof)) return fail("is the issuer's base proof (ecdsa-sd-2023), which only the holder uses to derive a disclosure; ask for a derived credential.", suite);
  if (proof['proofPurpose'] !== options.term) return fail(`(${suite.name}) is for ${typeof proof['proofPurpose'] === 'string' ? proof['proofPurpose'] : 'no stated purpose'}, not ${options.term}.`, suite);
  const previous = previousOf(proof, all);
  if (previous.missing.length) return fail(`(${suite.name}) follows ${previous.missing.join(', ')}, which is not among the ${noun}'s proofs.`, suite);
  if (suite.context && !asArray(unsecured['@context']).includes(suite.context)) return fail(`(${suite.name}) needs the context ${suite.context} in the ${noun}'s @context, and it is missing.`, suite);

  const vm = proof['verificationMethod'];
  const url = typeof vm === 'string' ? vm : isObject(vm) && typeof vm['id'] === 'string' ? vm['id'] : undefined;
  if (!url) return fail(`(${suite.name}) names no verification method.`, suite);
  let key: ProofKey;
  try {
    key = await resolveProofKey(url, options.documentLoader, { ownDid: options.ownDid, signedAt: proof['created'] });
  } catch (error) {
    return say(error instanceof KeyProblem ? error.message : `The signing key ${url} could not be resolved: ${messageOf(error)}`, suite);
  }
  if (!suite.curves.includes(key.curve as never)) return fail(`(${suite.name}) needs ${suite.curves.join(' or ')} keys, but ${key.id} is ${key.curve}.`, suite, key);

  // The suites load the key by URL: hand them the one resolved above (and checked), not a second lookup.
  const documentLoader = async (u: string): Promise<RemoteDocument> => (u === url ? { contextUrl: null, documentUrl: u, document: key.method } : options.documentLoader(u));
  const forSuite = (p: JsonObject) => (suite.jcs ? p : { '@context': unsecured['@context'], ...p });
  // A chained proof signs the document together with the proofs it follows (their list, as the spec adds them).
  const document = previous.proofs.length ? { ...unsecured, proof: previous.proofs } : { ...unsecured };
  const verified = await suite.suite.verifyProof({ proof: forSuite(proof), document, purpose: deferredPurpose, proofSet: all.map(forSuite), documentLoader });
  const what = `${suite.name} signature by ${key.id} (${algorithmWords(suite, key.curve)}; key ${key.source})`;
  if (!verified.verified) {
    const message = messageOf(verified.error);
    // ecdsa-sd-2023 counts its disclosed statements before it checks them: a changed count is a change too.
    if (/Invalid signature|Signature count \(\d+\) does not match/i.test(message)) return say(`the signature does not match the contents: the ${noun} was changed after it was signed, or signed with another key (${suite.name} by ${key.id}, ${algorithmWords(suite, key.curve)}, key ${key.source}).`, suite, key);
    return say(`the ${what} could not be verified: ${message}`, suite, key);
  }
  if (!key.unconfirmed) {
    try {
      const controller = await controllerDocument(key, options.documentLoader, options.term);
      const result = await purposeFor(options, controller).validate(forSuite(proof), { document, suite: suite.suite, verificationMethod: key.method, documentLoader });
      if (!result.valid) {
        const message = messageOf(result.error);
        if (/not authorized by controller/i.test(message)) return say(`The key ${key.id} is not listed for ${TERM_WORDS[options.term]} in its controller's document ${String(controller['id'])} (never published there, or removed).`, suite, key);
        return say(`the ${what} does not hold for this ${noun}: ${message}`, suite, key);
      }
    } catch (error) {
      return say(error instanceof KeyProblem ? error.message : messageOf(error), suite, key);
    }
  }
  return { index, ok: true, reason: what, suite, key };
}

/** The facts of one proof for programs (the check's details). */
export function proofDetails(r: ProofReport | undefined, count: number): CheckDetails {
  const d: CheckDetails = {
    proofType: r?.suite?.proofType ?? null,
    cryptosuite: r?.suite?.cryptosuite ?? null,
    algorithm: r?.suite?.algorithm ?? null,
    curve: r?.key?.curve ?? null,
    key: r?.key?.id ?? null,
    keySource: r?.key?.source ?? null,
  };
  return count > 1 ? { ...d, proofs: count, proofIndex: r?.index ?? null } : d;
}

/** More proofs than this on one document are refused before any is checked: each costs a canonicalisation. */
export const MAX_PROOFS = 8;

/** Checks every proof of `document`; the outcome names the first that fails, by index, suite and key. */
export async function verifyProofSet(document: JsonObject, options: ProofSetOptions): Promise<ProofSetOutcome> {
  const noun = options.noun ?? 'credential';
  const all = asArray(document['proof']);
  if (all.length === 0) return { ok: false, reason: `The ${noun} has no proof: it is not signed.`, reports: [] };
  if (all.length > MAX_PROOFS) return { ok: false, reason: `The ${noun} carries ${all.length} proofs; at most ${MAX_PROOFS} are checked.`, reports: [], details: { proofs: all.length } };
  const { proof: _proof, ...unsecured } = document;
  const objects = all.filter(isObject);
  const reports = await Promise.all(all.map((p, i) => verifyOne(p, i, all.length, objects, unsecured, options)));
  const failures = reports.filter((r) => !r.ok);
  const first = failures[0];
  if (first) {
    const also = failures.length - 1;
    const tail = also > 0 ? ` ${also} other proof${also === 1 ? '' : 's'} of the ${all.length} failed too.` : '';
    return { ok: false, reason: `${first.reason}${tail}`, reports, details: proofDetails(first, all.length) };
  }
  if (all.length === 1) return { ok: true, reason: `Valid ${reports[0]!.reason}.`, reports, details: proofDetails(reports[0], 1) };
  const chained = objects.some((p) => p['previousProof'] !== undefined) ? ', as a chain' : '';
  return { ok: true, reason: `All ${all.length} proofs are valid${chained}: ${reports.map((r) => `proof[${r.index}], ${r.reason}`).join('; ')}.`, reports, details: proofDetails(reports[0], all.length) };
}
