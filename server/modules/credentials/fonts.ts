// The typeface of the certificate and of the share image: Noto Sans (SIL Open Font Licence), from an
// npm package of Google Fonts' TrueType files, so both render Latin, Greek and Cyrillic names without
// any font installed on the machine.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const FONT_FILES = {
  regular: require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
} as const;
export const FONT_FAMILY = 'Noto Sans';

const bytes = new Map<keyof typeof FONT_FILES, Uint8Array>();

/** A font file's bytes, read once (about 630 kB each). */
export function fontBytes(weight: keyof typeof FONT_FILES): Uint8Array {
  let b = bytes.get(weight);
  if (!b) {
    b = fs.readFileSync(FONT_FILES[weight]);
    bytes.set(weight, b);
  }
  return b;
}
