// Names in the scripts DejaVu lacks print as written on a certificate, a CPD record and a share
// picture: each run of characters falls back to the Noto face of its script, right-to-left text is
// ordered by the bidirectional algorithm and shaped (Arabic joins), and the PDF's text reads back in
// logical order through its ToUnicode maps.
import fs from 'node:fs';
import { renderAsync } from '@resvg/resvg-js';
import fontkit from '@pdf-lib/fontkit';
import { describe, expect, it } from 'vitest';
import type { CpdRecord } from '../../server/modules/cpd/export.service.js';
import { recordPdf } from '../../server/modules/cpd/export.service.js';
import { levelBadgeSvg } from '../../server/modules/credentials/issuing/badge.js';
import { certificatePdf } from '../../server/modules/credentials/issuing/certificate.js';
import { certificateInput } from '../../server/modules/credentials/credentials.fixtures.js';
import { shareImageOptions, shareImageRenderer, shareImageSvg } from '../../server/modules/credentials/public/share-image.js';
import { scriptFontFile } from '../../server/platform/fonts.js';
import { pageText } from '../support/pdf-text.js';

const names = [
  { script: 'Chinese', name: '王小明', font: 'NotoSansSC' },
  { script: 'Japanese', name: '山田太郎', font: 'NotoSansSC' },
  { script: 'Japanese kana', name: 'さくら カタカナ', font: 'NotoSansSC' },
  { script: 'Korean', name: '김민준', font: 'NotoSansKR' },
  { script: 'Arabic', name: 'محمد عبد الله', font: 'NotoSansArabic' },
  { script: 'Hebrew', name: 'דוד כהן', font: 'NotoSansHebrew' },
  { script: 'Devanagari', name: 'देवनागरी नाम', font: 'NotoSansDevanagari' },
  { script: 'Thai', name: 'สมชาย ใจดี', font: 'NotoSansThai' },
];

const certificate = (holderName: string) => certificatePdf(certificateInput(holderName));

const record = (name: string): CpdRecord => ({
  exportedAt: '2026-01-01T00:00:00.000Z',
  member: { id: 'u1', name, email: 'member@guild.example' },
  activities: [
    {
      id: 'a1',
      occurredOn: '2025-11-03',
      type: 'course' as CpdRecord['activities'][number]['type'],
      typeLabel: 'Course',
      title: `${name} on service design`,
      hours: 2,
      provider: null,
      source: 'manual',
      verified: false,
      activityCode: null,
      auditStatus: null,
      learned: `Met ${name}`,
      apply: null,
      details: {},
      evidence: [],
    },
  ],
  trackedCredentials: [],
  summary: { asOf: '2026-01-01', activityCount: 1, earnedThisYear: 2, credentials: [] },
  audits: [],
});

describe('names in scripts DejaVu lacks', () => {
  it.each(names)('prints a $script name on a certificate, in an embedded subset of $font', async ({ name, font }) => {
    const pdf = await certificate(name);
    const { lines, fonts } = await pageText(pdf);
    expect(lines).toContain(name); // the whole line, so no "?" stands in for a character
    expect(fonts).toContainEqual(expect.stringMatching(new RegExp(`^/${font}-Bold-\\d+$`)));
    expect(pdf.length).toBeLessThan(150_000); // a subset: the Chinese face alone is 10 MB
  });

  it.each(names)('prints a $script name in a CPD record, as the heading and inside the table', async ({ name, font }) => {
    const { lines, fonts } = await pageText(await recordPdf(record(name)));
    expect(lines).toContain(`CPD record: ${name}`);
    expect(lines).toContain(`${name} on service design`);
    expect(lines).toContain(`Learned: Met ${name}`);
    expect(fonts).toContainEqual(expect.stringMatching(new RegExp(`^/${font}-Regular-\\d+$`)));
  });

  it('joins Arabic letters: the contextual forms the font has, not the isolated ones', async () => {
    // In محمد the first meem starts the word and the second sits inside it: two different glyphs
    // for one letter, both read back as meem.
    const { toUnicode } = await pageText(await certificate('محمد'));
    const arabic = [...toUnicode].find(([base]) => base.startsWith('/NotoSansArabic'))?.[1];
    const meem = [...(arabic ?? new Map<string, string>())].filter(([, text]) => text === 'م');
    expect(meem).toHaveLength(2);
    // And in the font itself: the shaped glyphs of the name are none of the letters' isolated glyphs.
    const face = fontkit.create(fs.readFileSync(scriptFontFile('arabic', 'bold')));
    const isolated = new Set([...'محمد'].map((ch) => face.glyphForCodePoint(ch.codePointAt(0) as number).id));
    const shaped = face.layout('محمد').glyphs.map((g) => g.id);
    expect(shaped.filter((id) => isolated.has(id))).toEqual([]);
  });

  it('reads a name mixing directions back in logical order, whatever the order it is drawn in', async () => {
    const name = 'Dr. محمد عبد الله (PhD) 2025';
    const { lines, fonts } = await pageText(await certificate(name));
    expect(lines).toContain(name);
    expect(fonts).toContainEqual(expect.stringMatching(/^\/NotoSansArabic-Bold-\d+$/));
  });

  it('keeps Latin text around a name in its own face and draws a character no face has as "?"', async () => {
    const { lines, fonts } = await pageText(await certificate('王小明 Ana 𐀀'));
    expect(lines).toContain('王小明 Ana ?');
    expect(fonts).toContainEqual(expect.stringMatching(/^\/DejaVuSerif-Bold-\d+$/));
  });

  describe('share picture', () => {
    const picture = (holderName: string) =>
      shareImageSvg({
        badgeSvg: levelBadgeSvg({ levelName: 'Member', postNominals: 'MITSMG', order: 1, bodyShortName: 'ITSMG' }),
        holderName,
        heading: 'Member (MITSMG)',
        bodyName: 'IT Service Management Guild',
        caption: 'A verifiable credential, awarded 3 March 2025',
        footer: 'Check it at guild.example/verify',
      });
    /** The band the holder's name is drawn in: the line of a drawing where the name is "?"s (the same height either way). */
    const band = (holderName: string) => {
      const m = picture('?'.repeat([...holderName].length)).match(/<text x="\d+" y="(\d+)" font-family="[^"]+" font-size="(\d+)" font-weight="bold" fill="#1c2947">\?+</);
      const [y, size] = [Number(m?.[1]), Number(m?.[2])];
      return { from: y - size, to: y + Math.round(size / 2) };
    };
    /** The pixels of that band (RGBA rows) in a rendering, and how many of them are ink. */
    const pixels = async (svg: string, rows: { from: number; to: number }) => {
      const image = await renderAsync(svg, shareImageOptions);
      const band = image.pixels.subarray(rows.from * image.width * 4, rows.to * image.width * 4);
      let ink = 0;
      for (let i = 0; i < band.length; i += 4) if ((band[i] as number) < 128 && (band[i + 2] as number) < 160) ink++;
      return { band, ink };
    };

    it.each(names)('draws a $script name, not the "?" of a missing face', async ({ name }) => {
      const rows = band(name);
      expect(rows.to - rows.from).toBeGreaterThan(20);
      const drawn = await pixels(picture(name), rows);
      const questions = await pixels(picture('?'.repeat([...name].length)), rows);
      // A character no face has (Linear B) is drawn as DejaVu's empty box: the name must not look like that.
      const boxes = await pixels(picture(name.replace(/\S/gu, '\u{10000}')), rows);
      expect(drawn.ink).toBeGreaterThan(300);
      expect(Buffer.compare(drawn.band, questions.band)).not.toBe(0);
      expect(Buffer.compare(drawn.band, boxes.band)).not.toBe(0);
      const png = await shareImageRenderer().png(picture(name)).png;
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    });
  });
});
