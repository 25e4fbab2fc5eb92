// The picture a link preview shows of a credential page (Open Graph and Twitter cards): 1200 × 630 PNG
// with the level's badge, the holder's name when the public may see it, the level and the body.
// LinkedIn and Facebook show no SVG, so the picture is drawn as SVG and rendered to PNG (resvg) with
// the fonts shipped in fonts.ts; a line in a script DejaVu lacks is drawn as outlines, set by fonts.ts
// as it sets PDF text (Noto face of the script, bidirectional order, shaping). A rendering is kept per
// distinct drawing (its hash is its version).
import { createHash } from 'node:crypto';
import { renderAsync } from '@resvg/resvg-js';
import { printableText } from '../../../../contracts/common.js';
import { escapeXml } from '../issuing/badge.js';
import { FONT_FILES, SANS, SERIF, scriptsIn, svgTextOutlines } from '../../../platform/fonts.js';

export const SHARE_WIDTH = 1200;
export const SHARE_HEIGHT = 630;

export type ShareInput = {
  /** The level's badge (or the issuer's seal), an SVG of 320 × 320. */
  badgeSvg: string;
  holderName: string | null;
  heading: string;
  bodyName: string;
  caption: string;
  footer: string;
};

const INK = '#1c2947';
const MUTED = '#545c6b';
const ACCENT = '#9e731f';
const TEXT_X = 500;
const TEXT_ROOM = SHARE_WIDTH - TEXT_X - 70;

// Chinese, Japanese and Korean characters are a full em wide.
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff01-\uff60]/u;

/**
 * The largest size up to `size` at which `text` fits `room` pixels, by a generous estimate of DejaVu
 * Sans's advance (0.62 em a character, 0.7 bold; a full em for Chinese, Japanese and Korean); below
 * `min` the text is cut with an ellipsis.
 */
export function fitText(text: string, size: number, min: number, bold: boolean): { text: string; size: number } {
  const em = bold ? 0.7 : 0.62;
  const chars = [...text];
  const widths = chars.map((c) => (WIDE.test(c) ? 1.05 : em));
  const fits = Math.floor(TEXT_ROOM / Math.max(em, widths.reduce((a, w) => a + w, 0)));
  if (fits >= min) return { text, size: Math.min(size, fits) };
  let room = TEXT_ROOM / min - em; // the ellipsis
  let keep = 0;
  while (keep < chars.length && room >= (widths[keep] as number)) room -= widths[keep++] as number;
  return { text: `${chars.slice(0, Math.max(1, keep)).join('').trimEnd()}…`, size: min };
}

/** The badge's drawing without its own svg element, title and accessible name, to place in the picture. */
const innerSvg = (svg: string) => svg.replace(/^<svg[^>]*>/, '').replace(/<\/svg>\s*$/, '').replace(/<title>[\s\S]*?<\/title>/, '');

export function shareImageSvg(drawn: ShareInput): string {
  // Names stored before control characters were refused are drawn without them.
  const input = { ...drawn, holderName: drawn.holderName === null ? null : printableText(drawn.holderName), heading: printableText(drawn.heading), bodyName: printableText(drawn.bodyName), caption: printableText(drawn.caption), footer: printableText(drawn.footer) };
  const lines: Array<{ text: string; size: number; min: number; bold: boolean; fill: string; gap: number }> = [
    { text: input.bodyName, size: 32, min: 20, bold: true, fill: INK, gap: 0 },
    ...(input.holderName ? [{ text: input.holderName, size: 56, min: 26, bold: true, fill: INK, gap: 44 }] : []),
    { text: input.heading, size: input.holderName ? 44 : 56, min: 24, bold: true, fill: ACCENT, gap: input.holderName ? 22 : 44 },
    { text: input.caption, size: 26, min: 18, bold: false, fill: MUTED, gap: 26 },
  ];
  const fitted = lines.map((l) => ({ ...l, ...fitText(l.text, l.size, l.min, l.bold) }));
  const height = fitted.reduce((h, l) => h + l.gap + l.size, 0);
  let y = (SHARE_HEIGHT - 60 - height) / 2;
  const texts = fitted.map((l) => {
    y += l.gap + l.size;
    if (scriptsIn(l.text).size) return svgTextOutlines(l.text, { x: TEXT_X, y: Math.round(y), size: l.size, bold: l.bold, fill: l.fill });
    return `<text x="${TEXT_X}" y="${Math.round(y)}" font-family="${SANS}" font-size="${l.size}"${l.bold ? ' font-weight="bold"' : ''} fill="${l.fill}">${escapeXml(l.text)}</text>`;
  });
  const footer = fitText(input.footer, 22, 14, false);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SHARE_WIDTH}" height="${SHARE_HEIGHT}" viewBox="0 0 ${SHARE_WIDTH} ${SHARE_HEIGHT}">`,
    `<rect width="${SHARE_WIDTH}" height="${SHARE_HEIGHT}" fill="#f8f6f0"/>`,
    `<rect x="18" y="18" width="${SHARE_WIDTH - 36}" height="${SHARE_HEIGHT - 36}" fill="#ffffff" stroke="${ACCENT}" stroke-width="4"/>`,
    `<g transform="translate(70 135) scale(1.125)">${innerSvg(input.badgeSvg)}</g>`,
    ...texts,
    scriptsIn(footer.text).size
      ? svgTextOutlines(footer.text, { x: TEXT_X, y: SHARE_HEIGHT - 62, size: footer.size, bold: false, fill: MUTED })
      : `<text x="${TEXT_X}" y="${SHARE_HEIGHT - 62}" font-family="${SANS}" font-size="${footer.size}" fill="${MUTED}">${escapeXml(footer.text)}</text>`,
    '</svg>',
  ].join('');
}

/** The version of a drawing: what the page's og:image URL carries, so a changed picture has a new URL. */
export const shareImageVersion = (svg: string): string => createHash('sha256').update(svg).digest('base64url').slice(0, 16);

/** resvg's options: DejaVu only (lines in other scripts are outlines already). */
export const shareImageOptions = {
  fitTo: { mode: 'original' as const },
  font: { loadSystemFonts: false, fontFiles: Object.values(FONT_FILES), defaultFontFamily: SANS, sansSerifFamily: SANS, serifFamily: SERIF },
};

/**
 * Renders drawings to PNG, each distinct drawing once: kept by version (at most `max`, about 40 kB
 * each), and a rendering in progress is shared by every request that asks for it meanwhile.
 */
export function shareImageRenderer(max = 500) {
  const kept = new Map<string, Promise<Buffer>>();
  return {
    png(svg: string): { version: string; png: Promise<Buffer> } {
      const version = shareImageVersion(svg);
      let png = kept.get(version);
      if (png) {
        kept.delete(version); // most recently used last, so the oldest goes first
        kept.set(version, png);
        return { version, png };
      }
      // Off the event loop: resvg renders on libuv's thread pool.
      png = renderAsync(svg, shareImageOptions).then((r) => r.asPng());
      png.catch(() => kept.delete(version));
      if (kept.size >= max) kept.delete(kept.keys().next().value as string);
      kept.set(version, png);
      return { version, png };
    },
  };
}
export type ShareImageRenderer = ReturnType<typeof shareImageRenderer>;
