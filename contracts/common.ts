import { z } from 'zod';

/** Every error the API returns has this shape. */
export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBody>;

export const Accepted = z.object({ status: z.literal('accepted'), message: z.string() });
export const Ok = z.object({ status: z.literal('ok') });

/**
 * Multi-line text fields: the only strings that may hold tab, line feed and carriage return. Every
 * other string the API accepts is one line. Wrap the finished field schema (before .optional()).
 */
export const multilineFields = z.registry<{ multiline: true }>();
export function multiline<T extends z.ZodType>(schema: T): T {
  multilineFields.add(schema, { multiline: true });
  return schema;
}

/**
 * The 1-based position of the first character no person types: NUL and the other C0 controls (tab,
 * line feed and carriage return allowed in multi-line text), DEL, the C1 controls, a lone surrogate,
 * U+FFFE or U+FFFF. 0 when there is none. PostgreSQL refuses NUL, and the rest break pages and pictures.
 */
export function controlCharacterAt(value: string, multi: boolean): number {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20) {
      if (multi && (c === 0x09 || c === 0x0a || c === 0x0d)) continue;
      return i + 1;
    }
    if (c < 0x7f) continue;
    if (c <= 0x9f || c === 0xfffe || c === 0xffff) return i + 1;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return i + 1;
    }
    if (c >= 0xdc00 && c <= 0xdfff) return i + 1;
  }
  return 0;
}

/** What to fix in a string with a control character, or null when it has none. */
export function controlCharacterProblem(value: string, multi: boolean): string | null {
  const at = controlCharacterAt(value, multi);
  if (!at) return null;
  const c = value.charCodeAt(at - 1);
  const what = (c === 0x09 || c === 0x0a || c === 0x0d) ? 'line break or tab (this field is one line)' : 'control character';
  return `remove the ${what} at position ${at}`;
}

/**
 * `text` without the characters controlCharacterAt refuses, line breaks and tabs as spaces: for drawing
 * text stored before names were checked (an SVG with a control character does not render).
 */
export function printableText(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '\t' || ch === '\n' || ch === '\r') out += ' ';
    else if (!controlCharacterAt(ch, false)) out += ch;
  }
  return out;
}
