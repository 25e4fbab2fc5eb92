import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { badge, issuerWorld, NOW } from '../../credentials.fixtures.js';
import type { JsonObject } from '../../document-loader.js';
import { signCredential, signJwt } from '../../issuing/sign.js';
import { checkCredentialSchemas, clearSchemaCache, propertyPath } from './credential-schema.js';
import { foreignIssuerServer } from '../foreign.fixtures.js';
import { createRemoteResolver } from '../remote-resolver.js';
import { OB_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL } from './schemas/open-badges.js';
import { verifyCredential } from '../verify.js';

const OB = { id: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA_URL, type: '1EdTechJsonSchemaValidator2019' };
const withSchema = (schema: unknown, change: (c: any) => void = () => {}): JsonObject => {
  const c = structuredClone(badge(1)) as any;
  c.credentialSchema = schema;
  change(c);
  return c;
};
/** A schema of our own, in the 2020-12 dialect: the achievement's name must be one of two levels. */
const levels = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', required: ['credentialSubject'], properties: { credentialSubject: { properties: { achievement: { properties: { name: { enum: ['Member', 'Fellow'] } } } } } } };

let closers: Array<() => Promise<void>> = [];
beforeEach(() => clearSchemaCache());
afterEach(async () => {
  await Promise.all(closers.map((c) => c()));
  closers = [];
});
async function server() {
  const srv = await foreignIssuerServer();
  closers.push(srv.close);
  const resolve = createRemoteResolver({ publicUrl: 'https://guild.example', allowInsecureForTests: true });
  return { srv, resolve };
}

describe('credentialSchema with the shipped Open Badges 3.0 schema', () => {
  it('passes a Guildhall badge, offline', async () => {
    const c = await checkCredentialSchemas(withSchema([OB]));
    expect(c).toMatchObject({ check: 'credentialSchema', outcome: 'passed', reason: `Matches its declared schema: ${OB.id} (shipped with Guildhall).`, details: { schema: OB.id, count: 1 } });
  });

  it('fails a badge with a wrong type, a wrong value or a missing property, naming the path and the schema', async () => {
    const wrongType = await checkCredentialSchemas(withSchema(OB, (c) => (c.credentialSubject.achievement.type = ['Badge'])));
    expect(wrongType).toMatchObject({ outcome: 'failed', reason: `credentialSubject.achievement.type: must include Achievement (schema ${OB.id}).`, details: { schema: OB.id, path: 'credentialSubject.achievement.type' } });
    const notString = await checkCredentialSchemas(withSchema(OB, (c) => (c.credentialSubject.achievement.description = 7)));
    expect(notString?.reason).toBe(`credentialSubject.achievement.description: must be string (schema ${OB.id}).`);
    const missing = await checkCredentialSchemas(withSchema(OB, (c) => delete c.issuer.type));
    expect(missing?.reason).toBe(`issuer.type: is required (schema ${OB.id}).`);
    const date = await checkCredentialSchemas(withSchema(OB, (c) => (c.validFrom = '2026-05-01')));
    expect(date?.reason).toBe(`validFrom: must match format "date-time" (schema ${OB.id}).`);
  });

  it('is absent when nothing is declared, and runs on a VC-JWT’s credential between the schema and signature checks', async () => {
    expect(await checkCredentialSchemas(badge(1))).toBeNull();
    const w = await issuerWorld();
    // 1EdTechJsonSchemaValidator2019 is a term of the OB 3.0 extensions context.
    const declared = withSchema([OB], (c) => c['@context'].push('https://purl.imsglobal.org/spec/ob/v3p0/extensions.json'));
    const signed = await signCredential(declared, w.key, { documentLoader: w.loader(), created: NOW });
    const verdict = await verifyCredential(await signJwt(signed, w.key), { now: NOW, resolve: w.resolve });
    expect(verdict.checks.map((c) => [c.check, c.outcome])).toEqual([['schema', 'passed'], ['credentialSchema', 'passed'], ['signature', 'passed'], ['issuer', 'passed'], ['dates', 'passed'], ['status', 'passed']]);
    const plain = await verifyCredential(signed, { now: NOW, resolve: w.resolve });
    expect(plain.verified).toBe(true);
  });
});

describe('credentialSchema fetched from elsewhere', () => {
  it('validates against a JsonSchema by URL, keeps the compiled schema, and names a failing property', async () => {
    const { srv, resolve } = await server();
    srv.publish('/levels.json', levels);
    const entry = { id: `${srv.origin}/levels.json`, type: 'JsonSchema' };
    expect(await checkCredentialSchemas(withSchema(entry, (c) => (c.credentialSubject.achievement.name = 'Member')), resolve)).toMatchObject({ outcome: 'passed' });
    const associate = (c: any) => (c.credentialSubject.achievement.name = 'Associate');
    const bad = await checkCredentialSchemas(withSchema(entry, associate), resolve);
    expect(bad).toMatchObject({ outcome: 'failed', reason: `credentialSubject.achievement.name: must be equal to one of the allowed values (schema ${entry.id}).` });
    // Another resolver (another thread's cache) still finds the compiled validator: one fetch in all.
    await checkCredentialSchemas(withSchema(entry, associate), createRemoteResolver({ publicUrl: 'https://guild.example', allowInsecureForTests: true }));
    expect(srv.hits('/levels.json')).toBe(1);
  });

  it('fails with the reason when the schema is missing (404), unreachable, unusable or of an unknown type', async () => {
    const { srv, resolve } = await server();
    const gone = await checkCredentialSchemas(withSchema({ id: `${srv.origin}/gone.json`, type: 'JsonSchema' }), resolve);
    expect(gone).toMatchObject({ outcome: 'failed', reason: `The schema ${srv.origin}/gone.json could not be used: the schema could not be fetched: the server answered 404.` });
    const offline = await checkCredentialSchemas(withSchema({ id: 'https://schemas.example/x.json', type: 'JsonSchema' }));
    expect(offline?.reason).toMatch(/could not be fetched: nothing is fetched here/);
    srv.publish('/old.json', { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object' });
    expect((await checkCredentialSchemas(withSchema({ id: `${srv.origin}/old.json`, type: 'JsonSchema' }), resolve))?.reason).toMatch(/draft-04\/schema# is not a supported JSON Schema version/);
    srv.publish('/broken.json', { type: 'objekt' });
    expect((await checkCredentialSchemas(withSchema({ id: `${srv.origin}/broken.json`, type: 'JsonSchema' }), resolve))?.reason).toMatch(/is not a usable JSON Schema/);
    const unknown = await checkCredentialSchemas(withSchema({ id: `${srv.origin}/levels.json`, type: 'ShapeValidator' }), resolve);
    expect(unknown?.reason).toBe(`The schema ${srv.origin}/levels.json could not be used: its type "ShapeValidator" is not supported (supported: 1EdTechJsonSchemaValidator2019, JsonSchema, JsonSchemaCredential).`);
  });

  it('takes the schema out of a JsonSchemaCredential, and checks every declared schema', async () => {
    const { srv, resolve } = await server();
    srv.publish('/levels-credential', { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential', 'JsonSchemaCredential'], issuer: 'did:example:issuer', credentialSubject: { id: `${srv.origin}/levels`, type: 'JsonSchema', jsonSchema: levels } });
    srv.publish('/not-a-schema-credential', { type: ['VerifiableCredential'], credentialSubject: { id: 'x' } });
    const entry = { id: `${srv.origin}/levels-credential`, type: 'JsonSchemaCredential' };
    const fellow = withSchema([OB, entry], (c) => (c.credentialSubject.achievement.name = 'Fellow'));
    expect(await checkCredentialSchemas(fellow, resolve)).toMatchObject({ outcome: 'passed', reason: expect.stringMatching(/^Matches all 2 declared schemas/) });
    expect((await checkCredentialSchemas(withSchema([OB, entry], (c) => (c.credentialSubject.achievement.name = 'Associate')), resolve))?.reason).toBe(`credentialSubject.achievement.name: must be equal to one of the allowed values (schema ${entry.id}).`);
    expect((await checkCredentialSchemas(withSchema({ id: `${srv.origin}/not-a-schema-credential`, type: 'JsonSchemaCredential' }), resolve))?.reason).toMatch(/is not a JsonSchemaCredential with a credentialSubject.jsonSchema/);
  });

  it('writes a JSON pointer as a property path', () => {
    expect(propertyPath('/credentialSubject/identifier/0/salt')).toBe('credentialSubject.identifier[0].salt');
    expect(propertyPath('', 'name')).toBe('name');
    expect(propertyPath('/a~1b')).toBe('a/b');
  });
});
