// Reads back the text of a page of a PDF that pdf-lib wrote with embedded fonts, as a reader would:
// each shown string through its font's ToUnicode map. Enough for the project's own documents, not a
// general PDF text extractor.
import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, type PDFRef } from 'pdf-lib';

const bytesOf = (s: PDFRawStream) => {
  const filter = s.dict.get(PDFName.of('Filter'));
  return filter === PDFName.of('FlateDecode') ? inflateSync(s.contents) : Buffer.from(s.contents);
};

/** Glyph id (hex) → text, from a font's ToUnicode CMap (bfchar and bfrange entries). */
function toUnicode(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  const text = (hex: string) => String.fromCodePoint(...(hex.match(/.{4}/g) ?? []).map((h) => Number.parseInt(h, 16))).normalize();
  const utf16 = (hex: string) => Buffer.from(hex, 'hex').swap16().toString('utf16le');
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, gid, uni] of (block[1] as string).matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>/g)) map.set((gid as string).toUpperCase(), utf16(uni as string));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, start] of (block[1] as string).matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      const from = Number.parseInt(lo as string, 16);
      for (let g = from; g <= Number.parseInt(hi as string, 16); g++) map.set(g.toString(16).toUpperCase().padStart((lo as string).length, '0'), text((Number.parseInt(start as string, 16) + g - from).toString(16).padStart(4, '0')));
    }
  }
  return map;
}

/** The text a reader extracts from the page, a line per text object: each shown string through its font's ToUnicode map. */
export async function pageText(pdf: Uint8Array, pageIndex = 0): Promise<{ lines: string[]; fonts: string[]; toUnicode: Map<string, Map<string, string>> }> {
  const doc = await PDFDocument.load(pdf);
  const page = doc.getPage(pageIndex);
  const fonts = page.node.Resources()?.lookup(PDFName.of('Font'), PDFDict);
  const maps = new Map<string, Map<string, string>>();
  const baseFonts: string[] = [];
  const byBaseFont = new Map<string, Map<string, string>>();
  for (const [name, ref] of fonts?.entries() ?? []) {
    const font = doc.context.lookup(ref as PDFRef, PDFDict);
    baseFonts.push(String(font.get(PDFName.of('BaseFont'))));
    const cmap = font.lookup(PDFName.of('ToUnicode'));
    const map = cmap instanceof PDFRawStream ? toUnicode(bytesOf(cmap).toString('latin1')) : new Map<string, string>();
    maps.set(name.asString().slice(1), map);
    byBaseFont.set(String(font.get(PDFName.of('BaseFont'))), map);
  }
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
  const ops = streams.map((s) => bytesOf(s as PDFRawStream).toString('latin1')).join('\n');
  // One line per text object (BT … ET): the strings of every Tj and TJ in it, each through the font
  // set when it is shown, joined in the order written.
  const lines: string[] = [];
  let current = new Map<string, string>();
  for (const block of ops.matchAll(/^BT$([\s\S]*?)^ET$/gm)) {
    let line = '';
    for (const m of (block[1] as string).matchAll(/\/(\S+) [\d.]+ Tf|<([0-9A-Fa-f]*)> Tj|\[([^\]]*)\] TJ/g)) {
      if (m[1]) current = maps.get(m[1]) ?? new Map();
      else {
        const hex = m[2] ?? [...(m[3] as string).matchAll(/<([0-9A-Fa-f]*)>/g)].map((h) => h[1]).join('');
        line += (hex.match(/.{4}/g) ?? []).map((g) => current.get(g.toUpperCase()) ?? '\uFFFD').join('');
      }
    }
    lines.push(line);
  }
  return { lines, fonts: baseFonts, toUnicode: byBaseFont };
}

