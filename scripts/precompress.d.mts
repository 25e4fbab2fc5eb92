/** Smallest file given compressed copies (see precompress.mjs). */
export const minBytes: number;
/** Writes .br and .gz copies of the text files under `dir` (see precompress.mjs). */
export function precompress(dir: string): Promise<{ file: string; bytes: number; br: number | null; gz: number | null }[]>;
