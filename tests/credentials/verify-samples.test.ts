import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';

// /verify in demo mode carries samples of other issuers' credentials (server/demo/foreign-samples.ts) in
// the page the server renders; without demo mode it carries none. Each sample, sent as the page sends
// it, gets the verdict its description promises.
let demo: TestApp;
let plain: TestApp;
beforeAll(async () => {
  [demo, plain] = await Promise.all([testApp({ env: { GUILDHALL_DEMO: '1' } }), testApp({ env: { GUILDHALL_DEMO: '0' } })]);
});
afterAll(() => Promise.all([demo?.close(), plain?.close()]));

const page = (app: TestApp, url = '/verify') => app.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
const serverData = (html: string) => JSON.parse(/<script type="application\/json" id="server-data">([^<]*)<\/script>/.exec(html)?.[1] ?? 'null') as Json;
type Sample = { id: string; title: string; description: string; text: string };

/** What the page's bodyOf sends for pasted text: JSON as a credential or presentation, anything else as a VC-JWT. */
function bodyOf(text: string): Json {
  if (!text.startsWith('{')) return { jwt: text };
  const json = JSON.parse(text) as Json;
  return json.type?.includes?.('VerifiablePresentation') ? { presentation: json } : { credential: json };
}

describe('/verify in demo mode', () => {
  let samples: Sample[];
  it('renders the samples in the HTML and hands the app the same in its data block', async () => {
    const res = await page(demo);
    expect(res.statusCode).toBe(200);
    samples = serverData(res.body).values['verify:samples'];
    expect(samples.map((s) => s.id)).toEqual(['ob-ecdsa', 'vc-jwt', 'proof-set', 'tampered', 'status-unreachable', 'presentation', 'schema']);
    expect(res.body).toContain('<h2 id="samples-title">Samples from other issuers (demo)</h2>');
    for (const s of samples) expect(res.body).toContain(`<h3 class="sample-title">${s.title.replace(/&/g, '&amp;')}</h3>`);
    expect(res.body.match(/>Paste this sample</g)).toHaveLength(samples.length);
    // Made once per process: a second visit gets the very same credentials.
    expect(serverData((await page(demo)).body).values['verify:samples']).toEqual(samples);
    // Beside a verdict by id too.
    expect(serverData((await page(demo, '/verify?credential=0190a5b2-7c1e-7abc-8def-0123456789ab')).body).values['verify:samples']).toHaveLength(samples.length);
  });

  it('each sample, pasted, gets the verdict its description promises', async () => {
    const verdicts = new Map<string, Json>();
    for (const s of samples) {
      const res = await demo.app.inject({ method: 'POST', url: '/api/v1/verify', payload: bodyOf(s.text) });
      expect(res.statusCode, s.id).toBe(200);
      verdicts.set(s.id, res.json());
    }
    const outcomeOf = (id: string) => verdicts.get(id)!.outcome;
    const reason = (id: string, check: string) => verdicts.get(id)!.checks.find((c: Json) => c.check === check)?.reason as string;
    expect(outcomeOf('ob-ecdsa')).toBe('passed');
    expect(verdicts.get('vc-jwt')).toMatchObject({ outcome: 'passed', format: 'vc-jwt' });
    expect(outcomeOf('proof-set')).toBe('failed');
    expect(reason('proof-set', 'signature')).toMatch(/^proof\[1\]: /);
    expect(outcomeOf('tampered')).toBe('failed');
    expect(reason('tampered', 'signature')).toMatch(/changed after it was signed/);
    expect(outcomeOf('status-unreachable')).toBe('unknown');
    expect(reason('status-unreachable', 'status')).toMatch(/^Status unknown: /);
    const vp = verdicts.get('presentation')!;
    expect(vp.format).toBe('presentation');
    expect(vp.credentials.map((c: Json) => c.outcome)).toEqual(['passed', 'failed']);
    expect(outcomeOf('schema')).toBe('failed');
    expect(reason('schema', 'credentialSchema')).toMatch(/^credentialSubject\.achievement\.criteria: is required/);
  });
});

describe('/verify without demo mode', () => {
  it('carries no samples, in the HTML or in the data block', async () => {
    const res = await page(plain);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Give the credential');
    expect(serverData(res.body).values).not.toHaveProperty('verify:samples');
    expect(res.body).not.toContain('Samples from other issuers');
    expect(res.body).not.toContain('Paste this sample');
    expect(res.body).not.toContain('did:key:');
  });
});
