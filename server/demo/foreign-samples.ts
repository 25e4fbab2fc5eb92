// Credentials of other issuers for /verify in demo mode, so a visitor has something foreign to paste.
// Made once per process with fresh keys (nothing fetched, nothing stored), signed with the libraries other
// issuers sign with: the Digital Bazaar cryptosuites for Data Integrity, jose for the VC-JWT.
import { createPrivateKey, randomUUID } from 'node:crypto';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as EcdsaMultikey from '@digitalbazaar/ecdsa-multikey';
import { cryptosuite as ecdsaRdfc2019 } from '@digitalbazaar/ecdsa-rdfc-2019-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import * as eddsaJcs2022 from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import { CompactSign } from 'jose';
import jsigs from 'jsonld-signatures';
import { createDocumentLoader, type JsonObject, OB_V3_CONTEXT, VC_V2_CONTEXT } from '../modules/credentials/document-loader.js';
import { OB_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL } from '../modules/credentials/verifying/structure/schemas/open-badges.js';

/** What /verify shows of a sample: a title, one line on what it shows, and the text the button pastes. */
export type ForeignSample = { id: string; title: string; description: string; text: string };

/**
 * The status list of sample 5: an https address at 192.0.2.1 (TEST-NET-1, RFC 5737, reserved for
 * documentation and never routed). The remote resolver refuses it before any DNS lookup or connection, in
 * well under a millisecond on every machine, where a host under `.invalid` waits for the resolver's DNS
 * server (2–30 ms here, up to the 3 s fetch timeout where DNS is unreachable).
 */
export const UNREACHABLE_STATUS_LIST = 'https://192.0.2.1/status/revocation/1';

/** Open Badges 3.0 terms such as 1EdTechJsonSchemaValidator2019 (credentialSchema's type) are defined here. */
const OB_EXTENSIONS_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json';
const VALID_FROM = '2026-01-15T09:00:00Z';

type Signer = { id: string; algorithm: string; sign: (o: { data: Uint8Array }) => Promise<Uint8Array> };
type Key = { did: string; id: string; signer: () => Signer };

async function p256Key(): Promise<Key & { privateJwk: JsonObject }> {
  const pair = await EcdsaMultikey.generate({ curve: 'P-256' });
  const did = `did:key:${pair.publicKeyMultibase}`;
  pair.id = `${did}#${pair.publicKeyMultibase}`;
  pair.controller = did;
  const { key_ops: _ops, ext: _ext, ...privateJwk } = (await EcdsaMultikey.toJwk({ keyPair: pair, secretKey: true })) as JsonObject;
  return { did, id: pair.id, signer: () => pair.signer(), privateJwk };
}

async function ed25519Key(): Promise<Key> {
  const pair = await Ed25519Multikey.generate();
  const did = `did:key:${pair.publicKeyMultibase}`;
  pair.id = `${did}#${pair.publicKeyMultibase}`;
  pair.controller = did;
  return { did, id: pair.id, signer: () => pair.signer() };
}

const loader = createDocumentLoader();

/** Adds a Data Integrity proof (to a proof set when the credential has one), as jsonld-signatures does for any issuer. */
function addProof(credential: JsonObject, cryptosuite: unknown, signer: Signer): Promise<JsonObject> {
  const suite = new DataIntegrityProof({ signer, cryptosuite });
  return jsigs.sign(structuredClone(credential), { suite, purpose: new jsigs.purposes.AssertionProofPurpose(), documentLoader: loader });
}

/** An Open Badges 3.0 achievement credential of a training provider, unsigned (the verification benchmark signs it too). */
export function trainingBadge(issuer: string, extra: JsonObject = {}, context: string[] = []): JsonObject {
  return {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT, ...context],
    id: `urn:uuid:${randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Certified Service Desk Analyst',
    issuer: { id: issuer, type: ['Profile'], name: 'Northbridge Training Institute (demo)', url: 'https://training.example' },
    validFrom: VALID_FROM,
    credentialSubject: {
      id: 'did:example:holder-4471',
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://training.example/achievements/service-desk-analyst',
        type: ['Achievement'],
        name: 'Certified Service Desk Analyst',
        description: 'Passed the service desk analyst examination: incident logging, prioritisation, escalation and knowledge articles.',
        criteria: { narrative: 'A proctored examination of 60 questions with a pass mark of 70%, and a recorded practical.' },
      },
    },
    ...extra,
  };
}

/** A VC-JWT in the VC 2.0 form (application/vc+jwt: the credential is the claims set), signed with jose. */
function es256Jwt(credential: JsonObject, key: { id: string; privateJwk: JsonObject }): Promise<string> {
  const privateKey = createPrivateKey({ key: key.privateJwk as never, format: 'jwk' });
  return new CompactSign(new TextEncoder().encode(JSON.stringify(credential))).setProtectedHeader({ alg: 'ES256', kid: key.id, typ: 'vc+jwt' }).sign(privateKey);
}

const json = (x: JsonObject) => JSON.stringify(x, null, 2);

/** Generates the samples (about a tenth of a second: fresh keys, canonicalisation, signatures). */
export async function makeForeignSamples(): Promise<ForeignSample[]> {
  const issuer = await p256Key();
  const signed = await addProof(trainingBadge(issuer.did), ecdsaRdfc2019, issuer.signer());

  const tampered = structuredClone(signed) as { credentialSubject: { achievement: { name: string } } } & JsonObject;
  tampered.credentialSubject.achievement.name = 'Certified Service Desk Manager';

  // Two eddsa-jcs-2022 proofs: the issuer's, then one a stranger's key made while naming the issuer's key.
  const edIssuer = await ed25519Key();
  const stranger = await ed25519Key();
  const once = await addProof(trainingBadge(edIssuer.did), eddsaJcs2022.createSignCryptosuite(), edIssuer.signer());
  const proofSet = await addProof(once, eddsaJcs2022.createSignCryptosuite(), { ...stranger.signer(), id: edIssuer.id });

  const statusEntry = { id: `${UNREACHABLE_STATUS_LIST}#2417`, type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '2417', statusListCredential: UNREACHABLE_STATUS_LIST };
  const withStatus = await addProof(trainingBadge(issuer.did, { credentialStatus: statusEntry }), ecdsaRdfc2019, issuer.signer());

  const noCriteria = trainingBadge(issuer.did, { credentialSchema: [{ id: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL, type: '1EdTechJsonSchemaValidator2019' }] }, [OB_EXTENSIONS_CONTEXT]);
  delete (noCriteria['credentialSubject'] as { achievement: JsonObject }).achievement['criteria'];
  const schemaFailing = await addProof(noCriteria, ecdsaRdfc2019, issuer.signer());

  const presentation = { '@context': [VC_V2_CONTEXT], type: ['VerifiablePresentation'], verifiableCredential: [signed, tampered] };

  return [
    { id: 'ob-ecdsa', title: 'Open Badges 3.0, ecdsa-rdfc-2019', description: 'An achievement credential signed with ecdsa-rdfc-2019 (P-256) by a did:key issuer: valid.', text: json(signed) },
    { id: 'vc-jwt', title: 'The same credential as a VC-JWT', description: 'Signed with ES256, the key named by a did:key in the header: valid.', text: await es256Jwt(trainingBadge(issuer.did), issuer) },
    { id: 'proof-set', title: 'A proof set with a forged proof', description: 'Two eddsa-jcs-2022 proofs; the second was made by a stranger’s key in the issuer’s name: not valid, naming proof[1].', text: json(proofSet) },
    { id: 'tampered', title: 'A tampered copy', description: 'The first sample with the achievement’s name changed after signing: not valid, changed after it was signed.', text: json(tampered) },
    { id: 'status-unreachable', title: 'A status list out of reach', description: 'Its revocation list is at an address that cannot be reached: status unknown, neither valid nor revoked.', text: json(withStatus) },
    { id: 'presentation', title: 'A presentation of two credentials', description: 'Holds the first sample and the tampered copy, without a holder’s proof: a verdict for each credential.', text: json(presentation) },
    { id: 'schema', title: 'Fails its declared schema', description: 'Declares the Open Badges 3.0 JSON Schema, but its achievement has no criteria: not valid, the declared schema check naming the missing property.', text: json(schemaFailing) },
  ];
}

let made: Promise<ForeignSample[]> | null = null;

/** The samples, made on first use and kept for the life of the process (made again after a failure). */
export function demoForeignSamples(): Promise<ForeignSample[]> {
  if (!made) {
    made = makeForeignSamples();
    made.catch(() => {
      made = null;
    });
  }
  return made;
}
