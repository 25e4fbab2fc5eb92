import { describe, expect, it } from 'vitest';
import { pageText } from '../../../../tests/support/pdf-text.js';
import { certificatePdf } from './certificate.js';
import { certificateInput } from '../credentials.fixtures.js';

const input = certificateInput;

describe('certificate', () => {
  it.each(['Łukasz Wiśniewski', 'Ζωή Παπαδοπούλου', 'Дмитрий Иванов', 'Siobhán Ní Bhriain'])('prints %s as written, in embedded subsets of DejaVu Sans and Serif', async (name) => {
    const pdf = await certificatePdf(input(name));
    const { lines, fonts } = await pageText(pdf);
    expect(lines).toContain(name);
    expect(lines).toContain('Professional (PITSMG)');
    expect(lines).toContain('IT Service Management Guild');
    // Three embedded fonts (pdf-lib names a subset with a number after the font's name), no standard font.
    expect([...new Set(fonts)].sort()).toEqual([/^\/DejaVuSans-\d+$/, /^\/DejaVuSans-Bold-\d+$/, /^\/DejaVuSerif-Bold-\d+$/].map((r) => expect.stringMatching(r)));
    expect(pdf.length).toBeLessThan(150_000); // the three whole fonts would be about 1 MB
  });

  it('draws a character no face has as "?" instead of failing, and names no holder when none is given', async () => {
    const { lines } = await pageText(await certificatePdf(input('𐀀𐀁 Ana')));
    expect(lines).toContain('?? Ana');
    const anonymous = await pageText(await certificatePdf(input(null)));
    expect(anonymous.lines).toContain('the holder of this credential');
  });
});
