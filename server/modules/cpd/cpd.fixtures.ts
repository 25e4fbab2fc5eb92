import type { CpdActivityType } from '../../../contracts/cpd.js';
import type { CpdFact } from './cpd.rules.js';

export { loadShippedRuleSets } from './shipped.js';

let seq = 0;
/** An activity fact for tests: `hours` in hours (quarters inside). */
export const act = (type: CpdActivityType, occurredOn: string, hours: number, extra: Partial<CpdFact> = {}): CpdFact => ({
  id: `a${String(++seq).padStart(5, '0')}`,
  type,
  occurredOn,
  quarters: Math.round(hours * 4),
  ...extra,
});
