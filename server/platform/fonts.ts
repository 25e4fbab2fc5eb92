// The typefaces of every PDF and picture the server draws (certificate, share picture, CPD record):
// DejaVu Sans and DejaVu Serif (free licence of Bitstream Vera, public domain changes), from the npm
// package of the upstream TrueType files, so names in Latin, Greek and Cyrillic render without any
// font installed on the machine. (Google's Noto Sans builds draw well in resvg, but pdf-lib's
// subsetting drops most of their glyphs.)
import fs from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';

const require = createRequire(import.meta.url);

export const FONT_FILES = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  serifBold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSerif-Bold.ttf'),
} as const;
export const SANS = 'DejaVu Sans';
export const SERIF = 'DejaVu Serif';

const bytes = new Map<keyof typeof FONT_FILES, Uint8Array>();

/** A font file's bytes, read once (350 to 760 kB each). */
export function fontBytes(face: keyof typeof FONT_FILES): Uint8Array {
  let b = bytes.get(face);
  if (!b) {
    b = fs.readFileSync(FONT_FILES[face]);
    bytes.set(face, b);
  }
  return b;
}

// Each font is parsed once per process and shared by every document: laying out text with a freshly
// parsed font (its glyph substitution and positioning tables) cost ~100 ms a certificate. Documents
// only read the parsed font; each makes its own subset when saved.
const parsed = new Map<Uint8Array, ReturnType<typeof fontkit.create>>();
const sharedFontkit: Parameters<PDFDocument['registerFontkit']>[0] = {
  create(b) {
    let font = parsed.get(b);
    if (!font) {
      font = fontkit.create(b);
      parsed.set(b, font);
    }
    return font;
  },
};

/**
 * Embeds the faces as subsets of the glyphs used, and answers the characters all of them draw, for
 * `drawable`.
 */
export async function embedFonts<F extends keyof typeof FONT_FILES>(pdf: PDFDocument, faces: readonly F[]) {
  pdf.registerFontkit(sharedFontkit);
  const fonts = {} as Record<F, PDFFont>;
  for (const face of faces) fonts[face] = await pdf.embedFont(fontBytes(face), { subset: true });
  const [first, ...rest] = faces.map((f) => new Set(fonts[f].getCharacterSet()));
  const known = first ?? new Set<number>();
  for (const has of rest) for (const c of known) if (!has.has(c)) known.delete(c);
  return { fonts, known: known as ReadonlySet<number> };
}

/**
 * Text the fonts can draw: each character as it is when the font has it, else its base letter without
 * the accent when the font has that (a composed form it lacks), else "?" (a script DejaVu does not
 * cover, such as Chinese), so a name never makes a document fail. Line breaks and tabs become spaces.
 */
export function drawable(known: ReadonlySet<number>, text: string): string {
  return [...text.replace(/[\r\n\t]+/g, ' ').normalize('NFC')]
    .map((ch) => {
      if (known.has(ch.codePointAt(0)!)) return ch;
      const plain = ch.normalize('NFKD').replace(/\p{M}/gu, '');
      return plain && [...plain].every((c) => known.has(c.codePointAt(0)!)) ? plain : '?';
    })
    .join('');
}
