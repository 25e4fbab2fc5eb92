// Small pieces every benchmark shares: command-line numbers and a seeded random source.

const args = process.argv.slice(2);

/** The number after `--name` on the command line, or `fallback`; refuses anything not positive (or not whole). */
export function numberFlag(name: string, fallback: number, opts: { integer?: boolean } = {}): number {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  const ok = opts.integer ? Number.isInteger(v) && v > 0 : Number.isFinite(v) && v > 0;
  if (!ok) throw new Error(`--${name} needs a positive ${opts.integer ? 'whole ' : ''}number`);
  return v;
}

/** A small seeded generator (mulberry32), so every run works on the same generated data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
