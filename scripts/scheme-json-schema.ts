/** Writes schemes/scheme.schema.json from the zod schema in contracts/scheme.ts. Run: npx tsx scripts/scheme-json-schema.ts */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSchemeJsonSchema } from '../contracts/scheme.js';

const target = fileURLToPath(new URL('../schemes/scheme.schema.json', import.meta.url));
writeFileSync(target, renderSchemeJsonSchema());
console.log(`wrote ${target}`);
