import type { VerificationResult } from '../api.js';

/*
 * A verdict in words, shared by /verify and a credential's own page: the headline, what it means and
 * what to do, and each check's outcome as a tag. Colours and marks only repeat what the words say.
 */

export type Outcome = VerificationResult['outcome'];
type CheckName = VerificationResult['checks'][number]['check'];

export const checkLabels: Record<CheckName, string> = {
  schema: 'Format',
  credentialSchema: 'Declared schema',
  relatedResource: 'Linked resources',
  signature: 'Signature',
  issuer: 'Issuer',
  dates: 'Dates',
  status: 'Revocation and suspension',
};

/** A check's label, or its own name when this app does not know it yet (never "undefined"). */
export const checkLabel = (name: string): string => checkLabels[name as CheckName] ?? name;

export const outcomeTag: Record<Outcome, { text: string; className: string; mark: string }> = {
  passed: { text: 'Passed', className: 'tag tag-ok', mark: '✓' },
  failed: { text: 'Failed', className: 'tag tag-failed', mark: '✗' },
  warning: { text: 'Warning', className: 'tag tag-warn', mark: '!' },
  unknown: { text: 'Unknown', className: 'tag tag-unknown', mark: '?' },
};

/** An outcome the app does not know reads as unknown, so nothing new is ever shown as a pass. */
export const tagOf = (outcome: string | undefined) => (outcome && Object.hasOwn(outcomeTag, outcome) ? outcomeTag[outcome as Outcome] : outcomeTag.unknown);

const list = (names: string[]) => (names.length < 2 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`);

/** The headline of a credential's verdict, and sentences saying what it means and what to do. */
export function verdictWords(result: Pick<VerificationResult, 'outcome' | 'checks'>): { title: string; meaning: string; action: string } {
  const outcome = (result.outcome ?? 'unknown') as Outcome;
  const named = (o: Outcome) => result.checks.filter((c) => c.outcome === o).map((c) => checkLabel(c.check).toLowerCase());
  if (outcome === 'passed') {
    return {
      title: 'Valid credential',
      meaning: 'Every check passed: the credential is genuine, unchanged since it was signed, in date, and neither revoked nor suspended.',
      action: 'You can rely on it as of now.',
    };
  }
  if (outcome === 'failed') {
    const failed = named('failed');
    return {
      title: 'Not valid',
      meaning: failed.length ? `${failed.length} of ${result.checks.length} checks failed (${list(failed)}). The reasons are below.` : 'The credential did not pass its checks. The reasons are below.',
      action: 'Do not rely on this credential. If you believe it is genuine, ask its holder or issuer about the failed checks.',
    };
  }
  if (outcome === 'unknown') {
    const open = named('unknown');
    return {
      title: 'Status unknown',
      meaning: `The other checks passed, but ${list(open) || 'a check'} could not be checked just now${open.includes('revocation and suspension') ? ': the issuer’s status list could not be read, so whether the credential has been revoked or suspended is not known' : ''}.`,
      action: 'Try again later before relying on it, or ask the issuer.',
    };
  }
  const keyWarning = result.checks.some((c) => c.outcome === 'warning' && (c.check === 'signature' || c.check === 'issuer'));
  return keyWarning
    ? {
        title: 'Signature valid, issuer not confirmed',
        meaning: 'The credential is unchanged since it was signed with the key named below, but that this key belongs to the issuer could not be confirmed.',
        action: 'Before relying on it, confirm with the issuer that the key is theirs.',
      }
    : {
        title: 'Valid, with a warning',
        meaning: `The checks passed, but ${list(named('warning')) || 'one of them'} asks you to weigh something; the reason is below.`,
        action: 'Read the warning before relying on the credential.',
      };
}
