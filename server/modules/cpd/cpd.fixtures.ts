import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CpdActivityType } from '../../../contracts/cpd.js';
import { CpdRuleSet } from '../../../contracts/cpd-rules.js';
import type { CpdFact } from './cpd.rules.js';

/** Where the shipped CPD rule sets live. */
export const cpdRuleSetDir = fileURLToPath(new URL('../../../schemes/cpd/', import.meta.url));

/** Every shipped rule set, validated, by key. */
export function loadShippedRuleSets(): Map<string, CpdRuleSet> {
  const out = new Map<string, CpdRuleSet>();
  for (const file of readdirSync(cpdRuleSetDir).filter((f) => f.endsWith('.json')).sort()) {
    const r = CpdRuleSet.safeParse(JSON.parse(readFileSync(`${cpdRuleSetDir}${file}`, 'utf8')));
    if (!r.success) throw new Error(`${file} is invalid: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    out.set(r.data.key, r.data);
  }
  return out;
}

let seq = 0;
/** An activity fact for tests: `hours` in hours (quarters inside). */
export const act = (type: CpdActivityType, occurredOn: string, hours: number, extra: Partial<CpdFact> = {}): CpdFact => ({
  id: `a${String(++seq).padStart(5, '0')}`,
  type,
  occurredOn,
  quarters: Math.round(hours * 4),
  ...extra,
});
