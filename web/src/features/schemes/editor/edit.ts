/* Plain helpers for the scheme form: paths as the server names them, and copies changed at one path. */

export type Path = ReadonlyArray<string | number>;
export type Problems = ReadonlyMap<string, string>;

/** `['levels', 2, 'requirements', 'minTotal']` → `levels[2].requirements.minTotal`, the form of the server's problem paths. */
export function pathText(path: Path): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out === '' ? key : `.${key}`;
  return out;
}

/** An element id for the field at a path (problems link to it). */
export const idOfPath = (text: string) => `scheme-${text.replace(/[^A-Za-z0-9]+/g, '-')}`;
export const fieldId = (path: Path) => idOfPath(pathText(path));

/** A copy of `root` with the value at `path` replaced (undefined removes the key). */
export function setAt<T>(root: T, path: Path, value: unknown): T {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let node = copy;
  path.slice(0, -1).forEach((key) => {
    node = node[key] as Record<string | number, unknown>;
  });
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy as T;
}

/**
 * What a typed number becomes in the scheme: a number when it reads as one; the text as typed otherwise, so
 * the server's check names the problem ("Give points as a number") at the field; `empty` when left blank.
 */
export function numberFrom(text: string, empty: null | undefined): number | string | null | undefined {
  const t = text.trim();
  if (t === '') return empty;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

/** The next label after the version in force: the last number counted up ("2026.1" → "2026.2"). */
export function nextLabel(label: string): string {
  const m = /^(.*?)(\d+)$/.exec(label);
  return m ? `${m[1]}${Number(m[2]) + 1}` : `${label}.1`;
}

/** Problems by path; the first message wins. */
export function problemMap(problems: ReadonlyArray<{ path: string; message: string }>): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of problems) if (!out.has(p.path)) out.set(p.path, p.message);
  return out;
}
