// A check's outcome and the verdict's. Most checks pass or fail; some end unknown (a status list that
// could not be fetched) or with a warning (a key whose control by the issuer could not be confirmed),
// and neither may read as a pass: `ok` is true only for passed.
import type { CheckOutcome, checkNames } from '../../../../contracts/verification.js';

export type CheckName = (typeof checkNames)[number];
export type CheckDetails = Record<string, string | number | boolean | null>;
/** A check as the verifiers build it: `outcome` may be left out when `ok` says it (passed or failed). */
export type Check = { check: CheckName; ok: boolean; reason: string; outcome?: CheckOutcome; details?: CheckDetails };
export type SettledCheck = Check & { outcome: CheckOutcome };

export const passed = (check: CheckName, reason: string, details?: CheckDetails): SettledCheck => ({ check, ok: true, outcome: 'passed', reason, ...(details ? { details } : {}) });
export const failed = (check: CheckName, reason: string, details?: CheckDetails): SettledCheck => ({ check, ok: false, outcome: 'failed', reason, ...(details ? { details } : {}) });
export const unknown = (check: CheckName, reason: string, details?: CheckDetails): SettledCheck => ({ check, ok: false, outcome: 'unknown', reason, ...(details ? { details } : {}) });
export const warning = (check: CheckName, reason: string, details?: CheckDetails): SettledCheck => ({ check, ok: false, outcome: 'warning', reason, ...(details ? { details } : {}) });

export const settle = (c: Check): SettledCheck => {
  const outcome = c.outcome ?? (c.ok ? 'passed' : 'failed');
  return { ...c, ok: outcome === 'passed', outcome };
};

/** The verdict's outcome: failed beats unknown beats warning beats passed. */
export function overallOutcome(checks: ReadonlyArray<{ outcome: CheckOutcome }>): CheckOutcome {
  for (const o of ['failed', 'unknown', 'warning'] as const) if (checks.some((c) => c.outcome === o)) return o;
  return 'passed';
}
