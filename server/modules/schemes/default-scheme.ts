import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Scheme } from '../../../contracts/scheme.js';
import { parseSchemeText } from './scheme.rules.js';

/** Where the shipped default ITSM scheme lives. */
export const defaultSchemePath = fileURLToPath(new URL('../../../schemes/itsm-default.json', import.meta.url));

/** Reads and validates the shipped default scheme; throws listing every problem if it is invalid. */
export function loadDefaultScheme(): Scheme {
  const r = parseSchemeText(readFileSync(defaultSchemePath, 'utf8'));
  if (!r.ok) throw new Error(`${defaultSchemePath} is invalid:\n${r.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
  return r.scheme;
}
