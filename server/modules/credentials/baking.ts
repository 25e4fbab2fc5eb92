// Baked badges (Open Badges 3.0, "Badge Baking"): a credential carried inside its badge picture.
// PNG: one iTXt chunk with the keyword "openbadgecredential", uncompressed, before IEND; its text is
// the credential (JSON, or the compact JWS of a VC-JWT). SVG: <openbadges:credential> in the root
// element, the namespace https://purl.imsglobal.org/ob/v3p0 declared on it, the credential as CDATA
// (a JWS may instead be in the element's `verify` attribute).
//
// Reading runs over pictures from strangers, so every step is bounded: chunk lengths are checked
// against the bytes before anything is allocated, a compressed text is inflated up to a limit, and the
// SVG is scanned with indexOf and short anchored patterns over bounded slices, never a pattern over
// the whole file; a DOCTYPE (and with it any entity) is refused.
import { inflateSync } from 'node:zlib';
import encodeChunks from 'png-chunks-encode';
import extractChunks from 'png-chunks-extract';

export const OB3_NAMESPACE = 'https://purl.imsglobal.org/ob/v3p0';
export const PNG_KEYWORD = 'openbadgecredential';
/** The keyword of an Open Badges 2.0 baked PNG: its text is an assertion, not a credential. */
const OB2_KEYWORD = 'openbadges';
/** Most text a baked credential may hold once read (a compressed chunk is inflated at most this far). */
export const MAX_BAKED_CHARS = 1024 * 1024;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A picture that cannot be read, or holds no credential; the message says which, for people. */
export class BakingError extends Error {}

export type ImageKind = 'png' | 'svg';

/** The kind of picture by its first bytes: the PNG signature, or XML text whose first element is svg. */
export function sniffImage(bytes: Uint8Array): ImageKind | null {
  if (bytes.length >= 8 && PNG_SIGNATURE.equals(bytes.subarray(0, 8))) return 'png';
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<?xml') || head.startsWith('<svg') || (head.startsWith('<!') && /<svg[\s/>]/.test(head))) return 'svg';
  return null;
}

// ---- PNG ----

type Chunk = { name: string; data: Uint8Array };

/** The iTXt chunk of a keyword and text, per the PNG spec: keyword, NUL, flag 0, method 0, language NUL, translated keyword NUL, UTF-8 text. */
function iTXt(keyword: string, text: string): Chunk {
  return { name: 'iTXt', data: Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0, 0, 0, 0]), Buffer.from(text, 'utf8')]) };
}

/**
 * Walks the chunk framing (length, type, data, CRC) before the chunks are read, so a length beyond the
 * file is named rather than allocated, and a file cut short says where.
 */
function checkFraming(png: Uint8Array): void {
  const view = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  let at = 8;
  while (at < view.length) {
    if (at + 8 > view.length) throw new BakingError(`The PNG file is cut short: ${view.length - at} bytes after the last chunk are not a whole chunk header.`);
    const length = view.readUInt32BE(at);
    const name = view.toString('latin1', at + 4, at + 8);
    if (!/^[A-Za-z]{4}$/.test(name)) throw new BakingError(`The PNG file is damaged: a chunk at byte ${at} has no valid type.`);
    if (length > 0x7fffffff) throw new BakingError(`The PNG file is damaged: the ${name} chunk claims ${length} bytes, more than PNG allows.`);
    if (at + 12 + length > view.length) throw new BakingError(`The PNG file is cut short: the ${name} chunk claims ${length} bytes but only ${Math.max(0, view.length - at - 12)} remain.`);
    at += 12 + length;
    if (name === 'IEND') return;
  }
  throw new BakingError('The PNG file is cut short: it has no IEND chunk.');
}

function pngChunks(png: Uint8Array): Chunk[] {
  if (png.length < 8 || !PNG_SIGNATURE.equals(png.subarray(0, 8))) throw new BakingError('This is not a PNG file: it does not start with the PNG signature.');
  checkFraming(png);
  try {
    return extractChunks(png) as Chunk[]; // untyped package (vendor.d.ts): name and data of each chunk
  } catch (error) {
    const message = (error as Error).message;
    throw new BakingError(/CRC/.test(message) ? `The PNG file is damaged: ${message.replace(/ header do not match.*$/, ' chunk do not match its contents')}.` : `The PNG file cannot be read: ${message}.`);
  }
}

const keywordOf = (data: Uint8Array) => {
  const nul = data.indexOf(0);
  return nul > 0 && nul < 80 ? Buffer.from(data.subarray(0, nul)).toString('latin1') : null;
};

/** The text of an iTXt chunk; a compressed one is inflated, at most MAX_BAKED_CHARS. */
function iTXtText(data: Uint8Array): string {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const nul = bytes.indexOf(0);
  const flag = bytes[nul + 1];
  const method = bytes[nul + 2];
  const language = bytes.indexOf(0, nul + 3);
  const translated = language < 0 ? -1 : bytes.indexOf(0, language + 1);
  if (flag === undefined || method === undefined || translated < 0) throw new BakingError('The PNG file’s openbadgecredential chunk is not a well-formed iTXt chunk.');
  const raw = bytes.subarray(translated + 1);
  if (flag === 0) return raw.toString('utf8');
  if (flag !== 1 || method !== 0) throw new BakingError(`The PNG file’s openbadgecredential chunk uses an unknown compression (flag ${flag}, method ${method}).`);
  try {
    return inflateSync(raw, { maxOutputLength: MAX_BAKED_CHARS }).toString('utf8');
  } catch (error) {
    throw new BakingError(/maxOutputLength|buffer/i.test((error as Error).message) ? `The baked credential is larger than ${MAX_BAKED_CHARS / 1024} KB once decompressed.` : 'The PNG file’s openbadgecredential chunk cannot be decompressed.');
  }
}

/** The PNG with the credential baked in: any earlier openbadgecredential chunk replaced, the new one just before IEND. */
export function bakePng(png: Uint8Array, credential: string): Buffer {
  const chunks = pngChunks(png).filter((c) => !(c.name === 'iTXt' && keywordOf(c.data) === PNG_KEYWORD));
  const end = chunks.findIndex((c) => c.name === 'IEND');
  chunks.splice(end, 0, iTXt(PNG_KEYWORD, credential));
  return Buffer.from(encodeChunks(chunks) as Uint8Array);
}

/** The credential text baked into a PNG; a BakingError says why there is none. */
export function unbakePng(png: Uint8Array): string {
  const texts = pngChunks(png).filter((c) => c.name === 'iTXt' || c.name === 'tEXt' || c.name === 'zTXt');
  const ours = texts.filter((c) => c.name === 'iTXt' && keywordOf(c.data) === PNG_KEYWORD);
  if (ours.length > 1) throw new BakingError(`The PNG file holds ${ours.length} openbadgecredential chunks; a baked badge holds exactly one.`);
  if (ours[0]) {
    const text = iTXtText(ours[0].data).trim();
    if (!text) throw new BakingError('The PNG file’s openbadgecredential chunk is empty.');
    return text;
  }
  if (texts.some((c) => keywordOf(c.data) === OB2_KEYWORD)) throw new BakingError('This is an Open Badges 2.0 baked badge (keyword "openbadges"): it holds an assertion, not a verifiable credential, and is not checked here.');
  if (texts.some((c) => c.name !== 'iTXt' && keywordOf(c.data) === PNG_KEYWORD)) throw new BakingError('The PNG file holds an openbadgecredential text chunk that is not iTXt; Open Badges 3.0 bakes the credential in an iTXt chunk.');
  throw new BakingError('The PNG file holds no baked credential (no iTXt chunk with the keyword openbadgecredential).');
}

// ---- SVG ----

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML text with its five named entities and character references replaced; any other entity is refused. */
function unescapeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{1,8});/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Math.min(0x10ffff, Number.parseInt(ref.slice(2), 16)));
    if (ref.startsWith('#')) return String.fromCodePoint(Math.min(0x10ffff, Number(ref.slice(1))));
    const named = ENTITIES[ref];
    if (named === undefined) throw new BakingError(`The SVG file uses the entity ${whole}, which SVG without a DOCTYPE does not define.`);
    return named;
  });
}

/** Where a start tag that begins at `from` ends (its '>'), skipping quoted attribute values. */
function tagEnd(svg: string, from: number): number {
  let quote = '';
  for (let i = from; i < svg.length; i++) {
    const c = svg[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
  }
  throw new BakingError('The SVG file is not well-formed: a tag is never closed.');
}

/** The attributes of a start tag's text (between the name and '>'). */
function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  const attr = /\s*([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/y;
  for (let m = attr.exec(tag); m; m = attr.exec(tag)) out.set(m[1] as string, unescapeXml(m[2] ?? m[3] ?? ''));
  return out;
}

/** The root svg element: where its start tag begins and ends. Comments and the XML declaration may come first. */
function rootTag(svg: string): { start: number; end: number; name: string } {
  let at = 0;
  const skip = (close: string) => {
    const end = svg.indexOf(close, at);
    if (end < 0) throw new BakingError('The SVG file is not well-formed: a comment or declaration is never closed.');
    at = end + close.length;
  };
  for (;;) {
    while (at < svg.length && /\s/.test(svg[at] as string)) at++;
    if (svg.startsWith('<?', at)) skip('?>');
    else if (svg.startsWith('<!--', at)) skip('-->');
    else if (svg.startsWith('<!DOCTYPE', at) || svg.startsWith('<!ENTITY', at)) {
      throw new BakingError('The SVG file declares a DOCTYPE; a baked badge has none, and a document that may declare entities is not read.');
    } else break;
  }
  const name = /^<([A-Za-z_][\w.-]*:)?svg(?=[\s/>])/.exec(svg.slice(at, at + 64));
  if (!name) throw new BakingError('This is not an SVG file: its first element is not svg.');
  return { start: at, end: tagEnd(svg, at), name: name[0].slice(1) };
}

/** The SVG's text (a DOCTYPE, which alone could declare entities, is refused where it may stand: before the root). */
const svgText = (bytes: Uint8Array | string): string => (typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8')).replace(/^\uFEFF/, '');

/** Text fit for CDATA: "]]>" split across two sections, so no text can end the section early. */
const cdata = (text: string) => `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;

/** The SVG with the credential baked in: the namespace declared on the root, any earlier credential element replaced. */
export function bakeSvg(svgIn: string, credential: string): string {
  const svg = removeCredentialElements(svgText(svgIn));
  const root = rootTag(svg);
  const open = svg.slice(root.start, root.end);
  const declared = attributes(open.slice(root.name.length + 1)).get('xmlns:openbadges');
  if (declared !== undefined && declared !== OB3_NAMESPACE) throw new BakingError('The SVG binds the prefix openbadges to another namespace.');
  const selfClosing = open.endsWith('/');
  const head = `${selfClosing ? open.slice(0, -1).trimEnd() : open}${declared === undefined ? ` xmlns:openbadges="${OB3_NAMESPACE}"` : ''}>`;
  const element = `<openbadges:credential>${cdata(credential)}</openbadges:credential>`;
  return `${svg.slice(0, root.start)}${head}${element}${selfClosing ? `</${root.name}>` : ''}${svg.slice(root.end + 1)}`;
}

function removeCredentialElements(svg: string): string {
  let out = svg;
  for (let found = findCredential(out); found; found = findCredential(out)) out = out.slice(0, found.start) + out.slice(found.end);
  return out;
}

/** The prefixes bound to the Open Badges 3.0 namespace on the root element ("openbadges" as well, as the spec writes it). */
function prefixes(svg: string): string[] {
  const root = rootTag(svg);
  const attrs = attributes(svg.slice(root.start + root.name.length + 1, root.end));
  const bound = [...attrs].filter(([k, v]) => k.startsWith('xmlns:') && v === OB3_NAMESPACE).map(([k]) => k.slice(6));
  return [...new Set([...bound, 'openbadges'])];
}

type Found = { start: number; end: number; attrs: Map<string, string>; content: string | null };

/** The first element of this name in the SVG, from its start tag to the end of its end tag, or null. */
function firstElement(svg: string, name: string): Found | null {
  for (let at = svg.indexOf(`<${name}`); at >= 0; at = svg.indexOf(`<${name}`, at + 1)) {
    if (!/[\s/>]/.test(svg[at + name.length + 1] ?? '')) continue; // a longer name that starts alike
    const end = tagEnd(svg, at);
    const attrs = attributes(svg.slice(at + name.length + 1, end).replace(/\/$/, ''));
    if (svg[end - 1] === '/') return { start: at, end: end + 1, attrs, content: null };
    const close = svg.indexOf(`</${name}`, end);
    if (close < 0) throw new BakingError(`The SVG file is not well-formed: <${name}> is never closed.`);
    return { start: at, end: tagEnd(svg, close) + 1, attrs, content: svg.slice(end + 1, close) };
  }
  return null;
}

/** The first credential element under any of the prefixes, or null. */
function findCredential(svg: string, names = prefixes(svg)): Found | null {
  let best: Found | null = null;
  for (const prefix of names) {
    const found = firstElement(svg, `${prefix}:credential`);
    if (found && (!best || found.start < best.start)) best = found;
  }
  return best;
}

/** An element's text: CDATA sections as they are, text between them with its entities replaced. */
function elementText(content: string): string {
  let out = '';
  let at = 0;
  for (let open = content.indexOf('<![CDATA[', at); ; open = content.indexOf('<![CDATA[', at)) {
    const text = content.slice(at, open < 0 ? content.length : open);
    if (text.includes('<')) throw new BakingError('The SVG file’s credential element holds markup, not a credential.');
    out += unescapeXml(text);
    if (open < 0) return out;
    const close = content.indexOf(']]>', open + 9);
    if (close < 0) throw new BakingError('The SVG file is not well-formed: a CDATA section is never closed.');
    out += content.slice(open + 9, close);
    at = close + 3;
  }
}

/** The credential text baked into an SVG (the element's text, or its `verify` attribute); a BakingError says why there is none. */
export function unbakeSvg(bytes: Uint8Array | string): string {
  const svg = svgText(bytes);
  const names = prefixes(svg);
  const found = findCredential(svg, names);
  if (!found) {
    if (svg.includes(':assertion')) throw new BakingError('This is an Open Badges 2.0 baked badge (openbadges:assertion): it holds an assertion, not a verifiable credential, and is not checked here.');
    throw new BakingError('The SVG file holds no baked credential (no openbadges:credential element).');
  }
  if (findCredential(svg.slice(found.end), names)) throw new BakingError('The SVG file holds more than one openbadges:credential element; a baked badge holds exactly one.');
  const text = (found.content === null ? '' : elementText(found.content)).trim() || (found.attrs.get('verify') ?? '').trim();
  if (!text) throw new BakingError('The SVG file’s openbadges:credential element is empty.');
  if (text.length > MAX_BAKED_CHARS) throw new BakingError(`The baked credential is larger than ${MAX_BAKED_CHARS / 1024} KB.`);
  return text;
}

/** The credential baked into a PNG or SVG, by its bytes. */
export function unbake(bytes: Uint8Array): { kind: ImageKind; text: string } | null {
  const kind = sniffImage(bytes);
  if (!kind) return null;
  return { kind, text: kind === 'png' ? unbakePng(bytes) : unbakeSvg(bytes) };
}
