// The typefaces of the certificate and of the share picture: DejaVu Sans and DejaVu Serif (free
// licence of Bitstream Vera, public domain changes), from the npm package of the upstream TrueType
// files, so both render Latin, Greek and Cyrillic names without any font installed on the machine.
// (Google's Noto Sans builds draw well in resvg, but pdf-lib's subsetting drops most of their glyphs.)
import fs from 'node:fs';
import { createRequire } from 'node:module';

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
