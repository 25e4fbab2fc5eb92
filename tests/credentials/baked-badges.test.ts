// Baked badges and presentations on verifyCredential: the holder's downloaded badge picture (PNG, SVG)
// carries the signed credential and verifies by upload; pictures without one, damaged ones and
// oversized files are refused with the reason; a presentation gets its own checks and a verdict per
// credential inside it.
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { renderAsync } from '@resvg/resvg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bakePng, unbakePng, unbakeSvg } from '../../server/modules/credentials/baking.js';
import { createDocumentLoader } from '../../server/modules/credentials/document-loader.js';
import { levelBadgeSvg } from '../../server/modules/credentials/issuing/badge.js';
import { suiteSigner } from '../../server/modules/credentials/issuing/sign.js';
import { foreignKey } from '../../server/modules/credentials/verifying/foreign.fixtures.js';
import { call, expectError, type Json } from '../support/accounts.js';
import type { TestApp } from '../support/app.js';
import { awardAndIssue, issuingApp, uploadToVerify } from './support.js';

let app: TestApp & { versionId: string };
beforeAll(async () => {
  app = await issuingApp();
});
afterAll(() => app.close());

const verify = (payload: Json) => call(app, { method: 'POST', url: '/api/v1/verify', payload });
const download = (id: string, format: string) => call(app, { method: 'GET', url: `/api/v1/credentials/${id}/download?format=${format}` });
const upload = (name: string, content: string | Buffer) => uploadToVerify(app, name, content);

async function issued(levelId = 'member') {
  const { id, body } = await awardAndIssue(app, levelId);
  return { id, credential: body.credential as Json, links: body.links as Json };
}

describe('baked badges', () => {
  it('serves the holder’s badge picture with the signed credential baked in, and the picture verifies by upload', async () => {
    const { id, credential, links } = await issued('professional');
    expect(links.bakedPng).toBe(`https://guild.example/api/v1/credentials/${id}/download?format=png`);
    expect(links.bakedSvg).toBe(`https://guild.example/api/v1/credentials/${id}/download?format=svg`);

    const png = await download(id, 'png');
    expect(png.statusCode, png.body).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['content-disposition']).toBe(`attachment; filename="badge-${id}.png"`);
    expect(JSON.parse(unbakePng(png.rawPayload))).toEqual(credential);
    const fromPng = (await upload('badge.png', png.rawPayload)).json();
    expect(fromPng).toMatchObject({ verified: true, outcome: 'passed', ours: true, format: 'data-integrity', summary: { id: `urn:uuid:${id}`, name: 'Professional' } });

    const svg = await download(id, 'svg');
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.body).toContain('xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"');
    expect(JSON.parse(unbakeSvg(svg.body))).toEqual(credential);
    expect((await upload('badge.svg', svg.body)).json()).toMatchObject({ verified: true, ours: true });

    // The public badge of the level (the page's picture) stays unbaked.
    expect((await call(app, { method: 'GET', url: '/badges/professional.svg' })).body).not.toContain('openbadges:credential');
  });

  it('verifies a VC-JWT baked into an SVG’s verify attribute, and names a tampered baked credential', async () => {
    const { id, credential } = await issued();
    const jwt = (await download(id, 'jwt')).body;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential verify="${jwt}"/></svg>`;
    expect((await upload('badge.svg', svg)).json()).toMatchObject({ verified: true, format: 'vc-jwt' });

    const tampered = structuredClone(credential);
    tampered.credentialSubject.achievement.name = 'Fellow';
    const picture = (await renderAsync(levelBadgeSvg({ levelName: 'Fellow', postNominals: null, order: 3, bodyShortName: 'ITSMG' }))).asPng();
    const out = (await upload('badge.png', bakePng(picture, JSON.stringify(tampered)))).json();
    expect(out.verified).toBe(false);
    expect(out.checks.find((c: Json) => c.check === 'signature').reason).toMatch(/changed after it was signed/);
  });

  it('refuses a picture without a credential, a damaged PNG and oversized files, saying why', async () => {
    const plain = (await renderAsync(levelBadgeSvg({ levelName: 'Member', postNominals: null, order: 1, bodyShortName: 'ITSMG' }))).asPng();
    expect(expectError(await upload('plain.png', plain), 400, 'VALIDATION_FAILED').message).toBe('plain.png: The PNG file holds no baked credential (no iTXt chunk with the keyword openbadgecredential).');
    expect(expectError(await upload('plain.svg', '<svg xmlns="http://www.w3.org/2000/svg"/>'), 400, 'VALIDATION_FAILED').message).toMatch(/no baked credential \(no openbadges:credential element\)/);
    const cut = bakePng(plain, '{"a":1}').subarray(0, plain.length);
    expect(expectError(await upload('cut.png', cut), 400, 'VALIDATION_FAILED').message).toMatch(/^cut.png: The PNG file is cut short/);
    expect(expectError(await upload('doctype.svg', '<!DOCTYPE svg [<!ENTITY x "y">]><svg/>'), 400, 'VALIDATION_FAILED').message).toMatch(/declares a DOCTYPE/);
    expect(expectError(await upload('words.png', bakePng(plain, 'hello')), 400, 'VALIDATION_FAILED').message).toMatch(/baked into words.png is neither a JSON credential nor a VC-JWT/);

    // A .json file keeps its 256 KB limit; a picture may be up to 2 MB, and no more.
    expect(expectError(await upload('big.json', Buffer.alloc(300 * 1024, 32)), 413, 'PAYLOAD_TOO_LARGE').message).toMatch(/256 KB, the most a .json or .jwt file may be/);
    const padded = bakePng(plain, JSON.stringify({ padding: 'x'.repeat(600 * 1024) }));
    const read = await upload('padded.png', padded); // over 256 KB, yet a picture: read, and judged for what it holds
    expect(read.statusCode).toBe(200);
    expect(read.json().verified).toBe(false);
    const huge = await upload('huge.png', Buffer.concat([plain, Buffer.alloc(3 * 1024 * 1024)]));
    expect(expectError(huge, 413, 'PAYLOAD_TOO_LARGE').message).toBe('The request is larger than 2,064 KB, the most an uploaded badge picture with its form may be.');
  });
});

describe('presentations on verifyCredential', () => {
  it('checks the presentation and each credential inside it; no proof and no challenge are warnings, not failures', async () => {
    const a = await issued('member');
    const b = await issued('professional');
    const tampered = structuredClone(b.credential);
    tampered.credentialSubject.achievement.name = 'Fellow';
    const presentation = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [a.credential, tampered] };

    const res = await verify({ presentation });
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json();
    expect(out).toMatchObject({ format: 'presentation', verified: false, outcome: 'failed', holder: null });
    expect(out.checks.map((c: Json) => [c.check, c.outcome])).toEqual([['presentation', 'passed'], ['proof', 'warning']]);
    expect(out.checks[1].reason).toMatch(/no proof: nothing shows that the holder made it/);
    expect(out.credentials).toHaveLength(2);
    expect(out.credentials[0]).toMatchObject({ verified: true, outcome: 'passed', ours: true, summary: { id: `urn:uuid:${a.id}` } });
    expect(out.credentials[1]).toMatchObject({ verified: false, outcome: 'failed' });

    // Only good credentials, no proof: a warning overall; the same as an uploaded .json file.
    const good = (await verify({ presentation: { ...presentation, verifiableCredential: [a.credential] } })).json();
    expect(good).toMatchObject({ verified: false, outcome: 'warning' });
    expect((await upload('vp.json', JSON.stringify({ ...presentation, verifiableCredential: [a.credential] }))).json()).toMatchObject({ format: 'presentation', outcome: 'warning' });
  });

  it('checks a holder’s proof and says plainly that a challenge this page did not set was not compared', async () => {
    const { credential } = await issued();
    const holderKey = await foreignKey();
    const vp = await vc.signPresentation({
      presentation: { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder: holderKey.controller, verifiableCredential: [credential] },
      suite: new DataIntegrityProof({ signer: suiteSigner(holderKey), cryptosuite: eddsaRdfc2022 }),
      challenge: 'nonce-1',
      documentLoader: createDocumentLoader(),
    });
    const out = (await verify({ presentation: vp })).json();
    expect(out).toMatchObject({ format: 'presentation', outcome: 'warning', holder: holderKey.controller });
    expect(out.checks.map((c: Json) => [c.check, c.outcome])).toEqual([['presentation', 'passed'], ['challenge', 'warning'], ['proof', 'passed']]);
    expect(out.checks[1].reason).toMatch(/answers the challenge "nonce-1", which this page did not set/);
    expect(out.credentials[0]).toMatchObject({ verified: true });

    const forged = { ...vp, holder: 'did:example:someone-else' };
    const f = (await verify({ presentation: forged })).json();
    expect(f.outcome).toBe('failed');
    expect(f.checks.find((c: Json) => c.check === 'proof').outcome).toBe('failed');
  });

  it('refuses a presentation with too many credentials, and a body with two inputs', async () => {
    const { credential } = await issued();
    const many = { '@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: Array.from({ length: 21 }, () => credential) };
    expect(expectError(await verify({ presentation: many }), 400, 'VALIDATION_FAILED').message).toMatch(/holds 21 credentials; at most 20 are checked/);
    expectError(await verify({ presentation: many, credential }), 400, 'VALIDATION_FAILED');
  });
});
