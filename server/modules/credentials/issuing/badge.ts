// Badge images as SVG, drawn from data: a medal per level (its colour from the level's order), with the
// level name, the post-nominal letters and the body's short name; and a seal for the issuer profile.
// Presentation attributes only (no style elements), so the images pass a strict CSP.
import { escapeXml } from '../../../platform/escape.js';

const PALETTE = ['#5b6b7f', '#2f6f8f', '#1f5e3b', '#7a2e3a', '#8a6a12', '#3d3a7a'];

export { escapeXml };

/** Shrinks long text to fit `room` pixels (a rough width of 0.6 em per character). */
const fontSize = (text: string, size: number, room: number) => Math.max(10, Math.min(size, Math.floor(room / (0.6 * Math.max(1, text.length)))));

export function levelBadgeSvg(input: { levelName: string; postNominals: string | null; order: number; bodyShortName: string }): string {
  const colour = PALETTE[Math.abs(input.order) % PALETTE.length] as string;
  const name = escapeXml(input.levelName);
  const letters = input.postNominals ? escapeXml(input.postNominals) : '';
  const body = escapeXml(input.bodyShortName);
  const points = Array.from({ length: 24 }, (_, i) => {
    const a = (Math.PI * 2 * i) / 24;
    const r = i % 2 ? 138 : 150;
    return `${(160 + r * Math.sin(a)).toFixed(1)},${(160 - r * Math.cos(a)).toFixed(1)}`;
  }).join(' ');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="320" viewBox="0 0 320 320" role="img" aria-label="${name} badge of ${body}">`,
    `<title>${name}${letters ? ` (${letters})` : ''} — ${body}</title>`,
    `<polygon points="${points}" fill="${colour}"/>`,
    `<circle cx="160" cy="160" r="118" fill="#ffffff"/>`,
    `<circle cx="160" cy="160" r="108" fill="none" stroke="${colour}" stroke-width="4"/>`,
    `<text x="160" y="118" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="${fontSize(input.bodyShortName, 18, 150)}" fill="#333333">${body}</text>`,
    `<text x="160" y="172" text-anchor="middle" font-family="Georgia, 'Times New Roman', serif" font-weight="bold" font-size="${fontSize(input.levelName, 38, 190)}" fill="${colour}">${name}</text>`,
    letters ? `<text x="160" y="214" text-anchor="middle" font-family="Helvetica, Arial, sans-serif" font-size="${fontSize(input.postNominals ?? '', 20, 150)}" letter-spacing="2" fill="#333333">${letters}</text>` : '',
    '</svg>',
  ].join('');
}

export function issuerSealSvg(input: { name: string; shortName: string }): string {
  const short = escapeXml(input.shortName);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="320" viewBox="0 0 320 320" role="img" aria-label="${escapeXml(input.name)}">`,
    `<title>${escapeXml(input.name)}</title>`,
    '<circle cx="160" cy="160" r="150" fill="#1c2947"/>',
    '<circle cx="160" cy="160" r="132" fill="none" stroke="#c9a441" stroke-width="6"/>',
    `<text x="160" y="176" text-anchor="middle" font-family="Georgia, 'Times New Roman', serif" font-weight="bold" font-size="${fontSize(input.shortName, 56, 220)}" fill="#ffffff">${short}</text>`,
    '</svg>',
  ].join('');
}
