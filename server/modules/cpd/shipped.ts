import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CpdRuleSet } from '../../../contracts/cpd-rules.js';

/** Where the shipped CPD rule sets live. */
export const cpdRuleSetDir = fileURLToPath(new URL('../../../schemes/cpd/', import.meta.url));
/** The rule set of the body's own credentials. */
export const BODY_RULE_SET_KEY = 'itsm-body';

/** Every shipped rule set, validated, by key; throws naming the file and every problem if one is invalid. */
export function loadShippedRuleSets(): Map<string, CpdRuleSet> {
  const out = new Map<string, CpdRuleSet>();
  for (const file of readdirSync(cpdRuleSetDir).filter((f) => f.endsWith('.json')).sort()) {
    const r = CpdRuleSet.safeParse(JSON.parse(readFileSync(`${cpdRuleSetDir}${file}`, 'utf8')));
    if (!r.success) throw new Error(`${file} is invalid: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    out.set(r.data.key, r.data);
  }
  return out;
}
