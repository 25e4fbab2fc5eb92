// A verdict for a verifiable presentation: its shape, its holder's proof (authentication purpose, any
// suite of suites.ts, a proof set or chain checked whole) with the verifier's challenge and domain, and
// each credential inside it, every check with a reason. A presentation pasted by a person (`pasted`) is
// read as evidence, not as a login: no proof, or no challenge to compare, is a warning the page shows,
// not a failure.
import { createDocumentLoader, type JsonObject, type Resolver } from '../document-loader.js';
import type { CheckOutcome, PresentationCheck } from '../../../../contracts/verification.js';
import { overallOutcome } from './checks.js';
import { verifyProofSet } from './proofs/proof-set.js';
import { describeProblems, presentationProblems } from './structure/vc-model.rules.js';
import { type Verdict, verifyCredential } from './verify.js';
import type { BytesFetcher } from './structure/related-resource.js';
import { asArray, idOf } from './json.js';

export type NamedCheck = { check: string; ok: boolean; reason: string; outcome?: CheckOutcome };
/**
 * own: the presentation's checks (shape, challenge, domain, proof), each with its outcome; checks: those
 * and every credential's, named verifiableCredential[i].<check> (VC-API's list); credentials: a verdict each.
 */
export type PresentationVerdict = { verified: boolean; outcome: CheckOutcome; holder: string | null; own: PresentationCheck[]; checks: NamedCheck[]; warnings: string[]; credentials: Verdict[] };
export type PresentationOptions = { now: Date; resolve?: Resolver; fetchBytes?: BytesFetcher; challenge?: string; domain?: string; pasted?: boolean; ownDid?: string };


async function proofCheck(vp: JsonObject, proof: JsonObject, options: PresentationOptions): Promise<NamedCheck> {
  // The challenge and domain were compared already; the proof purpose checks them again with each signature.
  const challenge = typeof proof['challenge'] === 'string' ? proof['challenge'] : undefined;
  const out = await verifyProofSet(vp, { documentLoader: createDocumentLoader(options.resolve), term: 'authentication', challenge, domain: options.domain, noun: 'presentation', ownDid: options.ownDid });
  if (!out.ok) return { check: 'proof', ok: false, reason: out.reason };
  const unconfirmed = out.reports.find((r) => r.key?.unconfirmed);
  if (unconfirmed?.key?.unconfirmed) {
    const { documentUrl, why } = unconfirmed.key.unconfirmed;
    return { check: 'proof', ok: false, outcome: 'warning', reason: `The presentation's signature is valid for key ${String(unconfirmed.key.method['publicKeyMultibase'])}, but the holder's control of that key could not be confirmed: ${documentUrl} could not be fetched (${why}).` };
  }
  const holder = idOf(vp['holder']);
  const controllers = out.reports.map((r) => idOf(r.key?.method['controller']));
  if (holder && !controllers.includes(holder)) return { check: 'proof', ok: false, reason: `The presentation was signed with a key of ${controllers.map(String).join(' and ')}, not of its holder ${holder}.` };
  return { check: 'proof', ok: true, reason: out.reports.length === 1 ? `Valid authentication proof: ${out.reports[0]!.reason}.` : out.reason };
}

export async function verifyPresentation(vp: JsonObject, options: PresentationOptions): Promise<PresentationVerdict> {
  const checks: NamedCheck[] = [];
  const warnings: string[] = [];
  const problems = presentationProblems(vp);
  checks.push(problems.length ? { check: 'presentation', ok: false, reason: `Not a well-formed presentation: ${describeProblems(problems)}.` } : { check: 'presentation', ok: true, reason: 'Well-formed Verifiable Presentation.' });

  const proofs = asArray(vp['proof']).filter((x): x is JsonObject => typeof x === 'object' && x !== null);
  const proof = proofs[0];
  if (!proof) {
    checks.push(options.pasted
      ? { check: 'proof', ok: false, outcome: 'warning', reason: 'The presentation has no proof: nothing shows that the holder made it. Each credential inside is checked on its own below; ask the holder for a signed presentation if who gave it to you matters.' }
      : { check: 'proof', ok: false, reason: 'The presentation has no proof: nothing shows that the holder made it.' });
  } else {
    const given = proof['challenge'];
    if (options.pasted && options.challenge === undefined) {
      checks.push({
        check: 'challenge',
        ok: false,
        outcome: 'warning',
        reason: typeof given === 'string'
          ? `The proof answers the challenge "${given}", which this page did not set: it cannot tell whether the presentation was made for you or copied from elsewhere. Ask for a presentation that answers a challenge you choose.`
          : 'The proof answers no challenge, so nothing shows the presentation was made for you rather than copied from elsewhere. Ask for a presentation that answers a challenge you choose.',
      });
    } else if (options.challenge !== undefined) {
      checks.push(given === options.challenge
        ? { check: 'challenge', ok: true, reason: 'The proof answers the challenge given.' }
        : { check: 'challenge', ok: false, reason: given === undefined ? `The proof has no challenge; "${options.challenge}" was expected.` : `The proof's challenge "${String(given)}" is not the one given, "${options.challenge}": the presentation may be replayed.` });
    } else warnings.push('No challenge was given, so the presentation was not checked against replay.');
    if (options.domain !== undefined) {
      const domains = asArray(proof['domain']);
      checks.push(domains.includes(options.domain)
        ? { check: 'domain', ok: true, reason: `The proof is for the domain ${options.domain}.` }
        : { check: 'domain', ok: false, reason: domains.length ? `The proof is for ${domains.map(String).join(', ')}, not for the domain ${options.domain}.` : `The proof names no domain; ${options.domain} was expected.` });
    }
    checks.push(await proofCheck(vp, proof, options));
  }

  const own = checks.map((c): PresentationCheck => {
    const outcome = c.outcome ?? (c.ok ? 'passed' : 'failed');
    return { check: c.check as PresentationCheck['check'], ok: outcome === 'passed', outcome, reason: c.reason };
  });
  const credentials: Verdict[] = [];
  for (const [i, vc] of asArray(vp['verifiableCredential']).entries()) {
    if (typeof vc !== 'string' && (typeof vc !== 'object' || vc === null)) continue; // named by the shape check
    // An enveloped VC-JWT (a data: URL) is read as its JWS by verifyCredential.
    const verdict = await verifyCredential(vc as JsonObject | string, { now: options.now, resolve: options.resolve, fetchBytes: options.fetchBytes, ownDid: options.ownDid });
    credentials.push(verdict);
    for (const c of verdict.checks) checks.push({ check: `verifiableCredential[${i}].${c.check}`, ok: c.ok, outcome: c.outcome, reason: c.reason });
  }
  const outcome = overallOutcome([...own, ...credentials]);
  return { verified: checks.every((c) => c.ok), outcome, holder: idOf(vp['holder']) ?? null, own, checks, warnings, credentials };
}
