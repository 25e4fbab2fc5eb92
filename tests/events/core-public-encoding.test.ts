// The public programme and its feed are kept compressed (Brotli and gzip, made once per revision): each
// encoding decompresses to exactly the plain answer, has its own ETag, answers 304 while it stands, and a
// change to the event (its revision) replaces every encoding.
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Browser, call, signedInUser } from '../support/accounts.js';
import { type TestApp, testApp, testDialect } from '../support/app.js';
import { builtEvent, ok, talk } from './core-support.js';
import { OTHERS_SEEN_WITHIN_MS } from '../../server/modules/events/core/heads.js';

let app: TestApp;
let organiser: Browser & { id: string };
let event: Awaited<ReturnType<typeof builtEvent>>;

const decode = { br: zlib.brotliDecompressSync, gzip: zlib.gunzipSync } as const;
const addresses = () => [`/api/v1/public/events/${event.slug}`, `/events/${event.slug}/programme.ics`, `/api/v1/public/events/${event.slug}/programme.ics`];

beforeAll(async () => {
  app = await testApp({ now: '2027-05-01T10:00:00Z' });
  organiser = await signedInUser(app, 'encoding-organiser@example.org', ['event_organiser']);
  event = await builtEvent(organiser, { title: 'Encoding Forum', startsOn: '2027-06-10', endsOn: '2027-06-10' });
  // Enough sessions that the answers are well past a packet, as a real programme is.
  for (let i = 0; i < 6; i++) {
    const start = `${String(9 + i).padStart(2, '0')}:00`;
    const end = `${String(9 + i).padStart(2, '0')}:45`;
    ok(await organiser.req({ method: 'POST', url: `/api/v1/events/${event.id}/sessions`, payload: talk({ title: `Session ${i + 1} on service desks`, day: '2027-06-10', startTime: start, endTime: end, roomId: event.roomId }) }), 201);
  }
}, 60_000);
afterAll(async () => {
  await app?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => call(app, { url, headers });

describe('the precompressed public answers', () => {
  it('decompress to exactly the plain answer, with Vary and a different strong ETag per encoding', async () => {
    for (const url of addresses()) {
      const plain = await get(url);
      expect(plain.statusCode, url).toBe(200);
      expect(plain.headers['content-encoding'], url).toBeUndefined();
      expect(String(plain.headers.vary).toLowerCase(), url).toContain('accept-encoding');
      const tags = new Set([plain.headers.etag]);
      for (const encoding of ['br', 'gzip'] as const) {
        const res = await get(url, { 'accept-encoding': encoding === 'br' ? 'gzip, deflate, br' : 'gzip, deflate' });
        expect(res.statusCode, url).toBe(200);
        expect(res.headers['content-encoding'], url).toBe(encoding);
        expect(res.headers['content-type'], url).toBe(plain.headers['content-type']);
        expect(res.rawPayload.length, url).toBeLessThan(plain.rawPayload.length / 3);
        expect(decode[encoding](res.rawPayload).equals(plain.rawPayload), url).toBe(true);
        expect(String(res.headers.etag), url).toMatch(/^"[^"]+"$/);
        tags.add(res.headers.etag);
      }
      expect(tags.size, url).toBe(3);
    }
  });

  it('answer 304 with no body to the ETag of the encoding asked for, and 200 to another', async () => {
    const url = `/api/v1/public/events/${event.slug}`;
    const br = await get(url, { 'accept-encoding': 'br' });
    const again = await get(url, { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect(again.headers.etag).toBe(br.headers.etag);
    // A weak form of the same tag matches too (If-None-Match compares weakly), as does one in a list.
    expect((await get(url, { 'accept-encoding': 'br', 'if-none-match': `"other", W/${br.headers.etag}` })).statusCode).toBe(304);
    // The Brotli tag does not stand for the gzip bytes.
    const gz = await get(url, { 'accept-encoding': 'gzip', 'if-none-match': String(br.headers.etag) });
    expect(gz.statusCode).toBe(200);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['cache-control']).toBe('public, no-cache');
  });

  it('are all replaced when the event changes', async () => {
    const before = new Map<string, { tag: string; body: string }>();
    for (const url of addresses()) {
      for (const ae of ['identity', 'gzip', 'br']) {
        const res = await get(url, { 'accept-encoding': ae });
        before.set(`${url} ${ae}`, { tag: String(res.headers.etag), body: res.rawPayload.toString('base64') });
      }
    }
    ok(await organiser.req({ method: 'POST', url: `/api/v1/events/${event.id}/sessions`, payload: talk({ title: 'A late addition on change', day: '2027-06-10', startTime: '16:00', endTime: '16:45' }) }), 201);
    for (const url of addresses()) {
      const plain = (await get(url)).body;
      expect(plain, url).toContain('A late addition on change');
      for (const ae of ['identity', 'gzip', 'br']) {
        const old = before.get(`${url} ${ae}`)!;
        const res = await get(url, { 'accept-encoding': ae, 'if-none-match': old.tag });
        expect(res.statusCode, `${url} ${ae}`).toBe(200);
        expect(res.headers.etag, `${url} ${ae}`).not.toBe(old.tag);
        const bytes = ae === 'identity' ? res.rawPayload : decode[ae as 'br' | 'gzip'](res.rawPayload);
        expect(bytes.toString('utf8'), `${url} ${ae}`).toBe(plain);
      }
    }
  });

  // The heads of events are cached on SQLite (core/heads.ts): another process's commit must count too.
  it.skipIf(testDialect !== 'sqlite')('see a change committed by another connection to the database', async () => {
    const url = `/api/v1/public/events/${event.slug}`;
    const before = await get(url, { 'accept-encoding': 'br' });
    const other = new Database(path.join(app.config.dataDir, 'test.sqlite'));
    try {
      other.prepare("UPDATE events SET title = 'Renamed Elsewhere', revision = revision + 1 WHERE id = ?").run(event.id);
    } finally {
      other.close();
    }
    // Another process's commit is seen within OTHERS_SEEN_WITHIN_MS (this process's own changes at once).
    await new Promise((r) => setTimeout(r, OTHERS_SEEN_WITHIN_MS + 50));
    const after = await get(url, { 'accept-encoding': 'br', 'if-none-match': String(before.headers.etag) });
    expect(after.statusCode).toBe(200);
    expect(JSON.parse(zlib.brotliDecompressSync(after.rawPayload).toString('utf8')).title).toBe('Renamed Elsewhere');
  });

  it('are not found, in any encoding, for an unknown event', async () => {
    const res = await get('/api/v1/public/events/no-such-event', { 'accept-encoding': 'br' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });
});
