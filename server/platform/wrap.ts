// Line breaking for the documents the server draws, in time linear in the text: a width is the sum of
// its characters' advances, each distinct character measured once (laying out text with the font costs
// tens of microseconds a character), and a word wider than the line is cut where its characters fill
// one, never by trimming and measuring again. Kerning is left out, which errs on the narrow side.

/** Splits words into lines no wider than `width`, `measure` giving the width of one character. */
export function wrapWords(words: readonly string[], width: number, measure: (character: string) => number): string[] {
  const glyphs = new Map<string, number>();
  const glyph = (ch: string) => {
    let w = glyphs.get(ch);
    if (w === undefined) {
      w = measure(ch);
      glyphs.set(ch, w);
    }
    return w;
  };
  const space = glyph(' ');
  const lines: string[] = [];
  let line = '';
  let lineWidth = 0;
  const widthOf = (word: string) => {
    let w = 0;
    for (const ch of word) w += glyph(ch);
    return w;
  };
  for (const word of words) {
    const w = widthOf(word);
    if (w <= width) {
      if (line && lineWidth + space + w > width) {
        lines.push(line);
        line = '';
        lineWidth = 0;
      }
      lineWidth = line ? lineWidth + space + w : w;
      line = line ? `${line} ${word}` : word;
      continue;
    }
    // Wider than a line: the line so far ends, and the word is cut where its characters fill a line.
    if (line) lines.push(line);
    let piece = '';
    let pieceWidth = 0;
    for (const ch of word) {
      const c = glyph(ch);
      if (piece && pieceWidth + c > width) {
        lines.push(piece);
        piece = '';
        pieceWidth = 0;
      }
      piece += ch;
      pieceWidth += c;
    }
    line = piece; // the word's last piece starts the next line
    lineWidth = pieceWidth;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}
