import type { VerificationResult } from '../../api.js';
import { formatTime } from '../../components/format.js';

/**
 * The verification's outcome in one short block: the words first, then each check in a line, so the
 * page says whether the credential stands without anyone pressing a button (or running a script).
 */
export function VerdictLine({ result, checkedAt }: { result: VerificationResult; checkedAt?: string }) {
  return (
    <div className={result.verified ? 'verdict-line verdict-line-valid' : 'verdict-line verdict-line-invalid'}>
      <p className="verdict-line-title">
        <span className={result.verified ? 'tag tag-ok' : 'tag tag-failed'}>{result.verified ? 'Verified' : 'Not verified'}</span>{' '}
        {result.verified
          ? 'The signature is genuine, the credential is unchanged since it was signed, in date, and neither revoked nor suspended.'
          : 'At least one check failed; the reasons are below.'}
        {checkedAt ? ` Checked ${formatTime(checkedAt)}.` : ''}
      </p>
      <ul className="verdict-line-checks">
        {result.checks.map((c) => (
          <li key={c.check}>
            <span className="visually-hidden">{c.ok ? 'Passed: ' : 'Failed: '}</span>
            <span aria-hidden="true">{c.ok ? '✓ ' : '✗ '}</span>
            {c.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}
