import { describe, expect, it } from 'vitest';
import { controlCharacterAt } from '../../../../contracts/common.js';
import { levelBadgeSvg } from '../issuing/badge.js';
import { fitText, shareImageRenderer, shareImageSvg, shareImageVersion } from './share-image.js';

const input = {
  badgeSvg: levelBadgeSvg({ levelName: 'Member', postNominals: 'MITSMG', order: 1, bodyShortName: 'ITSMG' }),
  holderName: 'Zoë <O’Brien> & Дмитрий',
  heading: 'Member (MITSMG)',
  bodyName: 'IT Service Management Guild',
  caption: 'A verifiable credential, awarded 3 March 2025',
  footer: 'Check it at guild.example/verify',
};

describe('share picture', () => {
  it('draws the badge and the texts escaped, with the badge’s own title left out', () => {
    const svg = shareImageSvg(input);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="1200" height="630"/);
    expect(svg).toContain('Zoë &lt;O’Brien&gt; &amp; Дмитрий');
    expect(svg).toContain('>Member<');
    expect(svg).not.toContain('<title>');
    expect(svg.match(/<svg/g)).toHaveLength(1);
    expect(shareImageSvg({ ...input, holderName: null })).not.toContain('Дмитрий');
  });

  it('shrinks long text to fit, then cuts it with an ellipsis', () => {
    expect(fitText('Ann Lee', 60, 28, true)).toEqual({ text: 'Ann Lee', size: 60 });
    const long = fitText('Константин Константинопольский-Преображенский', 60, 28, true);
    expect(long.size).toBeLessThan(60);
    expect(long.size).toBeGreaterThanOrEqual(28);
    const cut = fitText('x'.repeat(200), 60, 28, true);
    expect(cut).toMatchObject({ size: 28, text: expect.stringMatching(/^x+…$/) });
    expect([...cut.text].length).toBeLessThan(200);
  });

  it('versions a drawing by its content', () => {
    expect(shareImageVersion(shareImageSvg(input))).toBe(shareImageVersion(shareImageSvg({ ...input })));
    expect(shareImageVersion(shareImageSvg(input))).not.toBe(shareImageVersion(shareImageSvg({ ...input, caption: 'A revoked credential, awarded 3 March 2025' })));
  });

  it('draws a stored name with control characters without them, and the picture renders', async () => {
    const svg = shareImageSvg({ ...input, holderName: 'Ann\u0000 Lee\u001b[31m\u0085\ud800\uffff\nJr', heading: 'Member\u0007' });
    expect(svg).toContain('>Ann Lee[31m Jr<');
    expect(svg).toContain('>Member<');
    expect(controlCharacterAt(svg, true)).toBe(0);
    const png = await shareImageRenderer().png(svg).png;
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });
});
