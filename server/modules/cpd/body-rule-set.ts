import { CpdRuleSet } from '../../../contracts/cpd-rules.js';
import type { Db } from '../../db/database.js';
import { BODY_RULE_SET_KEY, loadShippedRuleSets } from './shipped.js';

/**
 * The rule set of the body's own credentials: the newest stored version marked as the body's, or the shipped
 * one while none is stored yet (the CPD service stores the shipped sets on first use).
 */
export async function loadBodyRuleSet(db: Db): Promise<CpdRuleSet> {
  const row = await db.selectFrom('cpd_rule_sets').select('content').where('body_default', '=', 1).orderBy('number', 'desc').limit(1).executeTakeFirst();
  if (row) return CpdRuleSet.parse(JSON.parse(row.content));
  const shipped = loadShippedRuleSets().get(BODY_RULE_SET_KEY);
  if (!shipped) throw new Error(`The shipped rule set ${BODY_RULE_SET_KEY} is missing`);
  return shipped;
}
