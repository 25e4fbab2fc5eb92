// The typefaces of every PDF and picture the server draws (certificate, share picture, CPD record):
// DejaVu Sans and DejaVu Serif (free licence of Bitstream Vera, public domain changes), from the npm
// package of the upstream TrueType files, so names in Latin, Greek and Cyrillic render without any
// font installed on the machine. Scripts DejaVu lacks or draws poorly (Chinese, Japanese, Korean,
// Arabic, Hebrew, Devanagari, Thai) fall back, per run of characters, to Google's Noto Sans for that
// script (SIL Open Font Licence, npm packages of the TrueType files), read only when a text needs them.
// Right-to-left text is put in visual order by the Unicode bidirectional algorithm (bidi-js) and every
// run is shaped by fontkit (joining forms, conjuncts, mark positions). See
// docs/decisions/0016-fonts-for-every-script.md.
import 'regenerator-runtime/runtime.js'; // fontkit's Indic and Universal shapers are compiled to use it
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import bidiModule from 'bidi-js';
import {
  type Color,
  PDFArray,
  type PDFDocument,
  type PDFFont,
  PDFHexString,
  type PDFName,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  type PDFPage,
  beginText,
  endText,
  popGraphicsState,
  pushGraphicsState,
  setFillingColor,
  setFontAndSize,
  setTextMatrix,
  setTextRise,
} from 'pdf-lib';

const require = createRequire(import.meta.url);

export const FONT_FILES = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  serifBold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf'),
} as const;
export const SANS = 'DejaVu Sans';
export const SERIF = 'DejaVu Serif';
type Face = keyof typeof FONT_FILES;

/** The scripts drawn in a Noto Sans face of their own, whichever face the text is set in. */
const SCRIPTS = {
  cjk: { chars: /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}]/u, pkg: 'noto-sans-sc', file: 'NotoSansSC' },
  hangul: { chars: /\p{Script=Hangul}/u, pkg: 'noto-sans-kr', file: 'NotoSansKR' },
  arabic: { chars: /\p{Script=Arabic}/u, pkg: 'noto-sans-arabic', file: 'NotoSansArabic' },
  hebrew: { chars: /\p{Script=Hebrew}/u, pkg: 'noto-sans-hebrew', file: 'NotoSansHebrew' },
  devanagari: { chars: /\p{Script=Devanagari}/u, pkg: 'noto-sans-devanagari', file: 'NotoSansDevanagari' },
  thai: { chars: /\p{Script=Thai}/u, pkg: 'noto-sans-thai', file: 'NotoSansThai' },
} as const;
type Script = keyof typeof SCRIPTS;
type Weight = 'regular' | 'bold';
const SCRIPT_NAMES = Object.keys(SCRIPTS) as Script[];
const weightOf = (face: Face): Weight => (face === 'regular' ? 'regular' : 'bold');

/** The file of a script's face (paths only: nothing is read until a text needs the script). */
export function scriptFontFile(script: Script, weight: Weight): string {
  const { pkg, file } = SCRIPTS[script];
  const dir = path.dirname(require.resolve(`@expo-google-fonts/${pkg}/package.json`));
  return weight === 'bold' ? path.join(dir, '700Bold', `${file}_700Bold.ttf`) : path.join(dir, '400Regular', `${file}_400Regular.ttf`);
}

/** The script whose own face draws this character, if any. */
function scriptOf(ch: string): Script | undefined {
  if (ch.charCodeAt(0) < 0x590) return undefined; // Latin, Greek, Cyrillic and the rest of DejaVu's home ground
  return SCRIPT_NAMES.find((s) => SCRIPTS[s].chars.test(ch));
}

/** The scripts of `text` that need a face of their own. */
export function scriptsIn(text: string): Set<Script> {
  const found = new Set<Script>();
  for (const ch of text) {
    const s = scriptOf(ch);
    if (s) found.add(s);
  }
  return found;
}

const bytes = new Map<string, Uint8Array>();

function fileBytes(file: string): Uint8Array {
  let b = bytes.get(file);
  if (!b) {
    b = fs.readFileSync(file);
    bytes.set(file, b);
  }
  return b;
}

/** A font file's bytes, read once (350 to 760 kB each). */
export function fontBytes(face: Face): Uint8Array {
  return fileBytes(FONT_FILES[face]);
}

type FontkitFont = ReturnType<typeof fontkit.create>;

// fontkit 1.x writes each glyph of a subset unpadded, and with the short loca format (offsets stored
// halved) every glyph after one of odd length is read from the wrong place: Noto's glyphs vanish from
// the PDF. Padding each glyph to four bytes, as later fontkit does, keeps the offsets exact.
let subsetPadded = false;
function padSubsetGlyphs(font: FontkitFont) {
  if (subsetPadded) return;
  subsetPadded = true;
  type Buf = { length: number; copy(target: Buf, start: number): number };
  type Subset = { glyf: Buf[]; offset: number; _addGlyph(gid: number): number };
  const proto = Object.getPrototypeOf(font.createSubset()) as Subset;
  const add = proto._addGlyph;
  proto._addGlyph = function (this: Subset, gid: number) {
    const i = add.call(this, gid);
    const glyph = this.glyf[i] as Buf;
    const pad = (4 - (glyph.length % 4)) % 4;
    if (pad) {
      const padded = (glyph.constructor as unknown as { alloc(n: number): Buf }).alloc(glyph.length + pad);
      glyph.copy(padded, 0);
      this.glyf[i] = padded;
      this.offset += pad;
    }
    return i;
  };
}

// Each font is parsed once per process and shared by every document: laying out text with a freshly
// parsed font (its glyph substitution and positioning tables) cost ~100 ms a certificate. Documents
// only read the parsed font; each makes its own subset when saved.
const parsed = new Map<Uint8Array, FontkitFont>();
function parse(b: Uint8Array, unshaped = false): FontkitFont {
  let font = parsed.get(b);
  if (!font) {
    font = fontkit.create(b);
    padSubsetGlyphs(font);
    if (unshaped) setWithoutShaping(font);
    parsed.set(b, font);
  }
  return font;
}

/**
 * Chinese, Japanese and Korean text (Korean as composed syllables, which NFC gives) needs no shaping
 * across characters, and fontkit's shaping with the large tables of these faces costs ~20 ms a line:
 * their layout maps each character to its glyph at its own advance. pdf-lib lays text out through
 * the same method, so the PDF's glyphs and widths agree with the drawing.
 */
function setWithoutShaping(font: FontkitFont) {
  const layout = (text: string) => {
    const glyphs = font.glyphsForString(text);
    const positions = glyphs.map((g) => ({ xAdvance: g.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 }));
    return { glyphs, positions, direction: 'ltr', advanceWidth: positions.reduce((w, p) => w + p.xAdvance, 0) };
  };
  Object.defineProperty(font, 'layout', { value: layout });
}
const UNSHAPED: ReadonlySet<Script> = new Set(['cjk', 'hangul']);
const sharedFontkit: Parameters<PDFDocument['registerFontkit']>[0] = { create: (b) => parse(b) };

/** Answers whether a character can be drawn (a Set of code points will do). */
export type CharTest = { has(codePoint: number): boolean };

/** An embedded face: its PDF font, and the width of a text set in it with every fallback it needs. */
export type TextFace = {
  pdfFont: PDFFont;
  widthOfTextAtSize(text: string, size: number): number;
  heightAtSize(size: number): number;
};

type Run = { text: string; font: PDFFont; fk: FontkitFont; level: number };
type Options = { x: number; y: number; size: number; font: TextFace; color?: Color };

// The package is CommonJS whose module.exports is the factory; its types describe an ES default export.
const bidi = (bidiModule as unknown as typeof bidiModule.default)();
const simple = /^[\x20-\x7e]*$/; // printable ASCII: one left-to-right run in the face itself

type Slot = { fk: FontkitFont };

/**
 * Splits a line into runs of one face and one bidirectional level, in logical order: a character of a
 * script with a face of its own goes to that face; spaces, digits, punctuation and marks stay in the
 * script face they follow (so a run is shaped whole); the rest goes to `own`, else to any spare face
 * that has it.
 */
function splitRuns<T extends Slot>(text: string, own: T, spare: Array<T & { script: Script }>): Array<{ text: string; slot: T; level: number }> {
  // The documents read left to right: a line with any left-to-right letter is a left-to-right
  // paragraph (so a wrapped line that happens to start with a Hebrew word keeps the page's direction);
  // a line wholly in a right-to-left script takes its own direction.
  const ltr = [...text].some((ch) => bidi.getBidiCharTypeName(ch) === 'L');
  const levels = bidi.getEmbeddingLevels(text, ltr ? 'ltr' : 'auto').levels;
  const out: Array<{ text: string; slot: T; level: number }> = [];
  let i = 0;
  for (const written of text) {
    const level = levels[i] as number;
    i += written.length;
    // Brackets and the like in right-to-left text take their mirrored form (rule L4).
    const ch = level % 2 === 1 ? (bidi.getMirroredCharacter(written) ?? written) : written;
    const c = ch.codePointAt(0) as number;
    const last = out[out.length - 1];
    const script = scriptOf(ch);
    let pick: T | undefined = script ? spare.find((f) => f.script === script && f.fk.hasGlyphForCodePoint(c)) : undefined;
    if (!pick && last && last.slot !== own && !/\p{L}/u.test(ch) && last.slot.fk.hasGlyphForCodePoint(c)) pick = last.slot;
    if (!pick && own.fk.hasGlyphForCodePoint(c)) pick = own;
    pick ??= spare.find((f) => f.fk.hasGlyphForCodePoint(c)) ?? own;
    if (last && last.slot === pick && last.level === level) last.text += ch;
    else out.push({ text: ch, slot: pick, level });
  }
  return out;
}

/** Bidi rule L2: runs in visual order (from the highest level down, each stretch at or above it reversed). */
function visualOrder<T>(items: T[], levelOf: (item: T) => number): T[] {
  const out = [...items];
  const levels = out.map(levelOf);
  const max = Math.max(0, ...levels);
  const minOdd = Math.min(...levels.filter((l) => l % 2 === 1), max + 1);
  for (let level = max; level >= minOdd; level--) {
    for (let i = 0; i < out.length; i++) {
      if (levelOf(out[i] as T) < level) continue;
      let j = i;
      while (j + 1 < out.length && levelOf(out[j + 1] as T) >= level) j++;
      out.splice(i, j - i + 1, ...out.slice(i, j + 1).reverse());
      i = j;
    }
  }
  return out;
}

/**
 * A line of an SVG drawing as outlines (one path per glyph), set like a PDF line: per-run fallback,
 * bidirectional order, fontkit's shaping. For text in scripts DejaVu lacks, where resvg's own shaping
 * of the Noto faces drops characters (vowel signs of Devanagari and Thai, spaces after them).
 */
export function svgTextOutlines(text: string, o: { x: number; y: number; size: number; bold: boolean; fill: string }): string {
  const weight: Weight = o.bold ? 'bold' : 'regular';
  const own = { fk: parse(fontBytes(weight)) };
  const spare = [...scriptsIn(text)].map((script) => ({ script, fk: parse(fileBytes(scriptFontFile(script, weight)), UNSHAPED.has(script)) }));
  const runs = splitRuns(text.replace(/[\r\n\t]+/g, ' ').normalize('NFC'), own, spare);
  const paths: string[] = [];
  let pen = o.x;
  for (const run of visualOrder(runs, (r) => r.level)) {
    const fk = run.slot.fk;
    const scale = o.size / fk.unitsPerEm;
    const layout = fk.layout(run.text);
    const glyphs = layout.glyphs.map((g, k) => ({ g, p: layout.positions[k] as (typeof layout.positions)[number] }));
    // fontkit answers right-to-left scripts in visual order; a right-to-left run of neutrals is turned here.
    if (run.level % 2 === 1 && (layout as unknown as { direction: string }).direction !== 'rtl') glyphs.reverse();
    for (const { g, p } of glyphs) {
      const d = g.path.toSVG();
      const x = pen + p.xOffset * scale;
      const y = o.y - p.yOffset * scale;
      if (d) paths.push(`<path transform="translate(${+x.toFixed(2)} ${+y.toFixed(2)}) scale(${+scale.toFixed(5)} ${-+scale.toFixed(5)})" d="${d}"/>`);
      pen += p.xAdvance * scale;
    }
  }
  return `<g fill="${o.fill}">${paths.join('')}</g>`;
}

/**
 * Embeds the faces as subsets of the glyphs used, and, for the scripts DejaVu lacks that occur in
 * `texts` (every text the document will draw, in any order), the Noto face of that script in the
 * matching weight. Answers the faces, the characters that can be drawn (for `drawable`), and `draw`,
 * which sets a line with per-run fallback, bidirectional ordering and shaping.
 */
export async function embedFonts<F extends Face>(pdf: PDFDocument, faces: readonly F[], texts: Iterable<string> = []) {
  pdf.registerFontkit(sharedFontkit);
  const primary = new Map<F, { font: PDFFont; fk: FontkitFont }>();
  for (const face of faces) {
    const b = fontBytes(face);
    primary.set(face, { font: await pdf.embedFont(b, { subset: true }), fk: parse(b) });
  }
  const scripts = new Set<Script>();
  for (const t of texts) for (const s of scriptsIn(t)) scripts.add(s);
  const fallback = new Map<Weight, Array<{ script: Script; font: PDFFont; fk: FontkitFont }>>();
  for (const weight of new Set(faces.map(weightOf))) {
    const list = [];
    for (const script of scripts) {
      const b = fileBytes(scriptFontFile(script, weight));
      const fk = parse(b, UNSHAPED.has(script)); // before pdf-lib parses it, so both lay it out alike
      list.push({ script, font: await pdf.embedFont(b, { subset: true }), fk });
    }
    fallback.set(weight, list);
  }

  // A character every face can draw: in all the DejaVu faces, or in a fallback face embedded.
  const [first, ...rest] = faces.map((f) => new Set((primary.get(f) as { font: PDFFont }).font.getCharacterSet()));
  const common = first ?? new Set<number>();
  for (const has of rest) for (const c of common) if (!has.has(c)) common.delete(c);
  const extra = [...fallback.values()].flat();
  const known: CharTest = { has: (c) => common.has(c) || extra.some((f) => f.fk.hasGlyphForCodePoint(c)) };

  const byPdfFont = new Map<PDFFont, F>();
  for (const [face, p] of primary) byPdfFont.set(p.font, face);

  /** Splits a line into runs of one font and one bidirectional level, in logical order. */
  function runs(face: F, text: string): Run[] {
    const own = primary.get(face) as { font: PDFFont; fk: FontkitFont };
    return splitRuns(text, own, fallback.get(weightOf(face)) ?? []).map((r) => ({ text: r.text, font: r.slot.font, fk: r.slot.fk, level: r.level }));
  }

  type Placed = { run: Run; hex: string[]; x: number[]; dy: number[]; adv: number[]; width: number };

  /** Shapes a run: its glyphs (as the PDF font encodes them) in logical order, each with its offset. */
  function shape(run: Run, size: number): Placed {
    const scale = size / run.fk.unitsPerEm;
    const layout = run.fk.layout(run.text);
    // The PDF font lays the text out the same way (fontkit, same features) and encodes the subset's ids.
    const hex = run.font.encodeText(run.text).toString().slice(1, -1).match(/.{4}/g) ?? [];
    const x: number[] = [];
    const dy: number[] = [];
    // The advance the PDF font's widths give each glyph: where a reader leaves the pen after it.
    const adv = layout.glyphs.map((g) => g.advanceWidth * scale);
    let pen = 0;
    layout.positions.forEach((p, k) => {
      x[k] = pen + p.xOffset * scale;
      dy[k] = p.yOffset * scale;
      pen += p.xAdvance * scale;
    });
    // fontkit answers right-to-left scripts in visual order; a right-to-left run of neutrals it leaves
    // in logical order, so it is turned here.
    const rtl = run.level % 2 === 1;
    if (rtl && (layout as unknown as { direction: string }).direction !== 'rtl') {
      const w = pen;
      x.forEach((v, k) => {
        x[k] = w - v - (layout.positions[k]?.xAdvance ?? 0) * scale;
      });
    }
    // Logical order, so a reader extracting the text gets it as written.
    const order = hex.map((_, k) => k);
    if ((layout as unknown as { direction: string }).direction === 'rtl') order.reverse();
    const pick = <T>(a: T[]) => order.map((k) => a[k] as T);
    return { run, hex: pick(hex), x: pick(x), dy: pick(dy), adv: pick(adv), width: pen };
  }

  const textFace = (face: F): TextFace => {
    const own = primary.get(face) as { font: PDFFont };
    return {
      pdfFont: own.font,
      heightAtSize: (size) => own.font.heightAtSize(size),
      widthOfTextAtSize(text, size) {
        if (simple.test(text)) return own.font.widthOfTextAtSize(text, size);
        return runs(face, text).reduce((w, run) => w + (run.fk.layout(run.text).positions.reduce((a, p) => a + p.xAdvance, 0) * size) / run.fk.unitsPerEm, 0);
      },
    };
  };
  const fonts = {} as Record<F, TextFace>;
  for (const face of faces) fonts[face] = textFace(face);

  const keys = new WeakMap<PDFPage, Map<PDFFont, PDFName>>();
  const keyOf = (page: PDFPage, font: PDFFont) => {
    let m = keys.get(page);
    if (!m) {
      m = new Map();
      keys.set(page, m);
    }
    let key = m.get(font);
    if (!key) {
      key = page.node.newFontDictionary(font.name, font.ref);
      m.set(font, key);
    }
    return key;
  };

  /** Draws one line at (x, y), its runs placed in visual order and written in logical order. */
  function draw(page: PDFPage, text: string, o: Options) {
    const face = byPdfFont.get(o.font.pdfFont) as F;
    const line = drawable(known, text);
    if (simple.test(line)) {
      page.drawText(line, { x: o.x, y: o.y, size: o.size, font: o.font.pdfFont, ...(o.color ? { color: o.color } : {}) });
      return;
    }
    const placed = runs(face, line).map((r) => shape(r, o.size));
    const start = new Map<Placed, number>();
    let pen = o.x;
    for (const p of visualOrder(placed, (p) => p.run.level)) {
      start.set(p, pen);
      pen += p.width;
    }
    const ctx = page.doc.context;
    const ops: PDFOperator[] = [pushGraphicsState(), ...(o.color ? [setFillingColor(o.color)] : []), beginText()];
    let rise = 0;
    for (const p of placed) {
      const x0 = start.get(p) as number;
      ops.push(setFontAndSize(keyOf(page, p.run.font), o.size));
      // One text-showing operator per stretch of glyphs at one height; each glyph after the first is
      // moved from where the previous one left the pen to where the layout puts it.
      let k = 0;
      while (k < p.hex.length) {
        const dy = p.dy[k] as number;
        if (dy !== rise) {
          rise = dy;
          ops.push(setTextRise(rise));
        }
        ops.push(setTextMatrix(1, 0, 0, 1, x0 + (p.x[k] as number), o.y));
        const arr = PDFArray.withContext(ctx);
        arr.push(PDFHexString.of(p.hex[k] as string));
        let at = x0 + (p.x[k] as number) + (p.adv[k] as number);
        k++;
        while (k < p.hex.length && p.dy[k] === dy) {
          const want = x0 + (p.x[k] as number);
          const move = Math.round(((at - want) * 1000 * 100) / o.size) / 100;
          if (move !== 0) arr.push(PDFNumber.of(move));
          arr.push(PDFHexString.of(p.hex[k] as string));
          at = want + (p.adv[k] as number);
          k++;
        }
        ops.push(PDFOperator.of(PDFOperatorNames.ShowTextAdjusted, [arr]));
      }
    }
    if (rise !== 0) ops.push(setTextRise(0));
    ops.push(endText(), popGraphicsState());
    page.pushOperators(...ops);
  }

  return { fonts, known, draw };
}

/**
 * Text the fonts can draw: each character as it is when a font has it, else its base letter without
 * the accent when a font has that (a composed form it lacks), else "?" (a script no face covers),
 * so a name never makes a document fail. Line breaks and tabs become spaces.
 */
export function drawable(known: CharTest, text: string): string {
  return [...text.replace(/[\r\n\t]+/g, ' ').normalize('NFC')]
    .map((ch) => {
      if (known.has(ch.codePointAt(0) as number)) return ch;
      const plain = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      return plain && [...plain].every((c) => known.has(c.codePointAt(0) as number)) ? plain : '?';
    })
    .join('');
}
