import type { Ref } from 'react';
import type { VerificationResult } from '../../api.js';
import { formatDate } from '../../components/format.js';

const checkNames: Record<VerificationResult['checks'][number]['check'], string> = {
  schema: 'Format',
  credentialSchema: 'Declared schema',
  relatedResource: 'Linked resources',
  signature: 'Signature',
  issuer: 'Issuer',
  dates: 'Dates',
  status: 'Revocation and suspension',
};

/**
 * The verdict, said in words first (valid or not valid), then each check with "Passed" or "Failed"
 * and its reason: the colours only repeat what the words say.
 */
export function Verdict({ result, ref }: { result: VerificationResult; ref?: Ref<HTMLHeadingElement> }) {
  const s = result.summary;
  const failed = result.checks.filter((c) => !c.ok).length;
  return (
    <section className={result.verified ? 'verdict verdict-valid' : 'verdict verdict-invalid'} aria-labelledby="verdict-title">
      <h2 id="verdict-title" ref={ref} tabIndex={-1} className="verdict-title">
        <span className="verdict-mark" aria-hidden="true">
          {result.verified ? '✓' : '✗'}
        </span>
        {result.verified ? 'Valid credential' : 'Not valid'}
      </h2>
      <p className="verdict-lead">
        {result.verified
          ? 'Every check passed: the credential is genuine, unchanged since it was signed, in date, and neither revoked nor suspended.'
          : `${failed} of ${result.checks.length} checks failed. The reasons are below.`}
      </p>
      {s ? (
        <dl className="facts">
          {s.name ? (
            <div>
              <dt>Credential</dt>
              <dd>{s.name}</dd>
            </div>
          ) : null}
          <div>
            <dt>Issued by</dt>
            <dd>
              {s.issuerName ? `${s.issuerName} ` : ''}
              <span className="verdict-id">{s.issuerId}</span>
              {result.ours ? ' (this body)' : ''}
            </dd>
          </div>
          {s.validFrom ? (
            <div>
              <dt>Valid from</dt>
              <dd>{formatDate(s.validFrom)}</dd>
            </div>
          ) : null}
          <div>
            <dt>Valid until</dt>
            <dd>{s.validUntil ? formatDate(s.validUntil) : 'No end date'}</dd>
          </div>
          {s.id ? (
            <div>
              <dt>Credential id</dt>
              <dd className="verdict-id">{s.id}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      <h3>Checks</h3>
      <ul className="checks">
        {result.checks.map((c) => (
          <li key={c.check} className={c.ok ? 'check check-ok' : 'check check-failed'}>
            <span className={c.ok ? 'tag tag-ok' : 'tag tag-failed'}>{c.ok ? 'Passed' : 'Failed'}</span>{' '}
            <strong>{checkNames[c.check]}</strong>
            <p className="check-reason">{c.reason}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}
