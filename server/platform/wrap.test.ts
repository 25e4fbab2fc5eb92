import { describe, expect, it } from 'vitest';
import { wrapWords } from './wrap.js';

// Every character is 1 wide, "W" 2: widths are easy to check by eye.
const measure = (ch: string) => (ch === 'W' ? 2 : 1);
const widthOf = (line: string) => [...line].reduce((w, ch) => w + measure(ch), 0);

describe('wrapWords', () => {
  it.each([
    [['aa', 'bb', 'cc'], 5, ['aa bb', 'cc']],
    [['aaaaa'], 5, ['aaaaa']],
    [['aaaaaaaaaaaa'], 5, ['aaaaa', 'aaaaa', 'aa']],
    [['x', 'aaaaaaa', 'y'], 5, ['x', 'aaaaa', 'aa y']],
    [['WWW'], 5, ['WW', 'W']],
    [[], 5, ['']],
  ])('wraps %j at width %i as %j', (words, width, lines) => {
    expect(wrapWords(words, width, measure)).toEqual(lines);
  });

  it('keeps every character, in order, on lines no wider than asked, in linear time', () => {
    const word = Array.from({ length: 200_000 }, (_, i) => 'abcdefghijklmnopqrstuvwxyzW'[i % 27]).join('');
    let measured = 0;
    const started = performance.now();
    const lines = wrapWords(['Learned:', word, 'end'], 50, (ch) => {
      measured++;
      return measure(ch);
    });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(measured).toBe(30); // each distinct character once: 27 in the word, the space, L and :
    expect(lines[0]).toBe('Learned:');
    expect(lines.join('').replaceAll(' ', '')).toBe(`Learned:${word}end`);
    for (const line of lines) expect(widthOf(line)).toBeLessThanOrEqual(50);
  });
});
