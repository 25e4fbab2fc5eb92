import { deflateSync } from 'node:zlib';
import { renderAsync } from '@resvg/resvg-js';
import encodeChunks from 'png-chunks-encode';
import extractChunks from 'png-chunks-extract';
import { beforeAll, describe, expect, it } from 'vitest';
import { BakingError, bakePng, bakeSvg, OB3_NAMESPACE, sniffImage, unbake, unbakePng, unbakeSvg } from './baking.js';
import { levelBadgeSvg } from './issuing/badge.js';

const badge = levelBadgeSvg({ levelName: 'Member', postNominals: 'MITSMG', order: 1, bodyShortName: 'ITSMG' });
// Text that must survive as it is: non-ASCII, markup characters and a CDATA terminator inside a string.
const credential = JSON.stringify({ type: ['VerifiableCredential'], name: 'Zoë <b>&amp; ]]> Дмитрий' });
const jws = 'eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2lnbmF0dXJl';
let png: Buffer;

beforeAll(async () => {
  png = (await renderAsync(badge, { fitTo: { mode: 'original' } })).asPng();
});

const reason = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(BakingError);
    return (error as Error).message;
  }
  throw new Error('expected a BakingError');
};
const text = (name: string, keyword: string, body: string, compressed = false) => ({
  name,
  data: Buffer.concat([Buffer.from(keyword), Buffer.from([0, compressed ? 1 : 0, 0, 0, 0]), compressed ? deflateSync(body) : Buffer.from(body)]),
});
const withChunks = (extra: Array<{ name: string; data: Uint8Array }>) => {
  const chunks = extractChunks(png);
  chunks.splice(chunks.length - 1, 0, ...extra);
  return Buffer.from(encodeChunks(chunks));
};

describe('baking a PNG', () => {
  it('round-trips the credential in one uncompressed iTXt chunk just before IEND', () => {
    const baked = bakePng(png, credential);
    const chunks = extractChunks(baked);
    expect(chunks.at(-1)?.name).toBe('IEND');
    const chunk = chunks.at(-2)!;
    expect(chunk.name).toBe('iTXt');
    expect(Buffer.from(chunk.data).subarray(0, 25)).toEqual(Buffer.concat([Buffer.from('openbadgecredential'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from('{')]));
    expect(unbakePng(baked)).toBe(credential);
    expect(unbake(baked)).toEqual({ kind: 'png', text: credential });
  });

  it('replaces an earlier baked credential rather than adding a second, and keeps other chunks', () => {
    const other = text('tEXt', 'Comment', 'drawn by hand');
    const twice = bakePng(bakePng(withChunks([other]), jws), credential);
    const names = extractChunks(twice).map((c: { name: string }) => c.name);
    expect(names.filter((n: string) => n === 'iTXt')).toHaveLength(1);
    expect(names).toContain('tEXt');
    expect(unbakePng(twice)).toBe(credential);
  });

  it('reads a compressed iTXt chunk among other text chunks', () => {
    const baked = withChunks([text('tEXt', 'Software', 'x'), text('iTXt', 'openbadgecredential', jws, true)]);
    expect(unbakePng(baked)).toBe(jws);
  });

  it('says when there is no credential, or one from Open Badges 2.0', () => {
    expect(reason(() => unbakePng(png))).toMatch(/no baked credential/);
    expect(reason(() => unbakePng(withChunks([text('iTXt', 'openbadges', 'https://example.org/a')])))).toMatch(/Open Badges 2\.0/);
    expect(reason(() => unbakePng(withChunks([text('tEXt', 'openbadgecredential', jws)])))).toMatch(/not iTXt/);
  });

  it('refuses two credential chunks', () => {
    const two = withChunks([text('iTXt', 'openbadgecredential', jws), text('iTXt', 'openbadgecredential', credential)]);
    expect(reason(() => unbakePng(two))).toMatch(/2 openbadgecredential chunks/);
  });

  it('names the damage in a truncated file, a bad CRC and a chunk longer than the file', () => {
    const baked = bakePng(png, credential);
    expect(reason(() => unbakePng(baked.subarray(0, baked.length - 40)))).toMatch(/cut short: the iTXt chunk claims \d+ bytes/);
    expect(reason(() => unbakePng(baked.subarray(0, 8)))).toMatch(/no IEND/);
    const flipped = Buffer.from(baked);
    flipped.writeUInt8(flipped.readUInt8(baked.length - 30) ^ 0xff, baked.length - 30); // inside the iTXt chunk's text
    expect(reason(() => unbakePng(flipped))).toMatch(/damaged: CRC values for iTXt/);
    const huge = Buffer.from(png);
    huge.writeUInt32BE(0xfffffff0, 8); // IHDR claims almost 4 GB
    expect(reason(() => unbakePng(huge))).toMatch(/claims 4294967280 bytes, more than PNG allows/);
    const long = Buffer.from(png);
    long.writeUInt32BE(50_000_000, 8);
    expect(reason(() => unbakePng(long))).toMatch(/cut short: the IHDR chunk claims 50000000 bytes/);
    expect(reason(() => unbakePng(Buffer.from('not a png at all')))).toMatch(/not a PNG/);
  });

  it('bounds a compressed credential that inflates without end', () => {
    const bomb = withChunks([{ name: 'iTXt', data: Buffer.concat([Buffer.from('openbadgecredential'), Buffer.from([0, 1, 0, 0, 0]), deflateSync(Buffer.alloc(20 * 1024 * 1024, 32))]) }]);
    expect(reason(() => unbakePng(bomb))).toMatch(/larger than 1024 KB once decompressed/);
  });
});

describe('baking an SVG', () => {
  it('round-trips the credential in CDATA with the namespace declared on the root', () => {
    const baked = bakeSvg(badge, credential);
    expect(baked).toMatch(new RegExp(`^<svg [^>]*xmlns:openbadges="${OB3_NAMESPACE}"[^>]*><openbadges:credential><!\\[CDATA\\[`));
    expect(baked).toContain('</title>');
    expect(unbakeSvg(baked)).toBe(credential);
    expect(unbake(Buffer.from(baked))).toEqual({ kind: 'svg', text: credential });
    expect(unbakeSvg(bakeSvg(baked, jws))).toBe(jws); // baked again: one element, the new credential
    expect(bakeSvg(baked, jws).match(/<openbadges:credential>/g)).toHaveLength(1);
  });

  it('reads the verify attribute form, escaped text, another prefix and an XML declaration', () => {
    const ns = `xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="${OB3_NAMESPACE}"`;
    expect(unbakeSvg(`<?xml version="1.0"?>\n<!-- a badge -->\n<svg ${ns}><openbadges:credential verify="${jws}"/><circle r="1"/></svg>`)).toBe(jws);
    expect(unbakeSvg(`<svg ${ns}><openbadges:credential>{"name":"a &lt;b&gt; &#233;&#x4E2D;"}</openbadges:credential></svg>`)).toBe('{"name":"a <b> é中"}');
    expect(unbakeSvg(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:ob='${OB3_NAMESPACE}'><ob:credential><![CDATA[${jws}]]></ob:credential></svg>`)).toBe(jws);
  });

  it('says when there is none, or when there are two, or markup instead of text', () => {
    expect(reason(() => unbakeSvg(badge))).toMatch(/no baked credential/);
    expect(reason(() => unbakeSvg(`<svg><openbadges:credentials/></svg>`))).toMatch(/no baked credential/);
    expect(reason(() => unbakeSvg(`<svg xmlns:openbadges="https://openbadges.org"><openbadges:assertion verify="x"/></svg>`))).toMatch(/Open Badges 2\.0/);
    expect(reason(() => unbakeSvg(`<svg><openbadges:credential>a</openbadges:credential><openbadges:credential>b</openbadges:credential></svg>`))).toMatch(/more than one/);
    expect(reason(() => unbakeSvg(`<svg><openbadges:credential><x/></openbadges:credential></svg>`))).toMatch(/holds markup/);
    expect(reason(() => unbakeSvg(`<svg><openbadges:credential></openbadges:credential></svg>`))).toMatch(/is empty/);
  });

  it('refuses a DOCTYPE and entities, unclosed elements, and files that are not SVG', () => {
    const billion = `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><svg><openbadges:credential>&b;</openbadges:credential></svg>`;
    expect(reason(() => unbakeSvg(billion))).toMatch(/declares a DOCTYPE/);
    expect(reason(() => unbakeSvg(`<svg><openbadges:credential>&custom;</openbadges:credential></svg>`))).toMatch(/entity &custom;/);
    expect(reason(() => unbakeSvg(`<svg><openbadges:credential><![CDATA[abc</openbadges:credential></svg>`))).toMatch(/CDATA section is never closed/);
    expect(reason(() => unbakeSvg(`<svg><openbadges:credential>abc`))).toMatch(/never closed/);
    expect(reason(() => unbakeSvg(`<svg width="1`))).toMatch(/never closed/);
    expect(reason(() => unbakeSvg('<html><svg/></html>'))).toMatch(/first element is not svg/);
    expect(reason(() => unbakeSvg('<!-- never ends <svg>'))).toMatch(/never closed/);
  });

  it('scans a large hostile SVG in linear time', () => {
    const many = `<svg>${'<openbadges:credentialX a=">"/>'.repeat(60_000)}</svg>`;
    const started = performance.now();
    expect(reason(() => unbakeSvg(many))).toMatch(/no baked credential/);
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});

describe('sniffing', () => {
  it('tells PNG from SVG from anything else by the bytes', () => {
    expect(sniffImage(png)).toBe('png');
    expect(sniffImage(Buffer.from(`\uFEFF<?xml version="1.0"?><svg/>`))).toBe('svg');
    expect(sniffImage(Buffer.from('<!DOCTYPE svg><svg/>'))).toBe('svg');
    expect(sniffImage(Buffer.from('{"a":1}'))).toBeNull();
    expect(sniffImage(Buffer.from(jws))).toBeNull();
    expect(unbake(Buffer.from('{}'))).toBeNull();
  });
});
