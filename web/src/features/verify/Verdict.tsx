import type { Ref } from 'react';
import type { PresentationResult, VerificationResult } from '../../api.js';
import { formatDate } from '../../components/format.js';
import { checkLabel, tagOf, verdictWords } from '../../components/verdict-words.js';

const sectionClass = (outcome: string) => `verdict verdict-${outcome === 'passed' ? 'valid' : outcome === 'failed' ? 'invalid' : 'uncertain'}`;

/** A check in a line: its outcome as a word (Passed, Failed, Warning, Unknown), its name, and its reason. */
function CheckItem({ outcome, name, reason }: { outcome: string; name: string; reason: string }) {
  const tag = tagOf(outcome);
  return (
    <li className={`check check-${outcome}`}>
      <span className={tag.className}>{tag.text}</span> <strong>{name}</strong>
      <p className="check-reason">{reason}</p>
    </li>
  );
}

/**
 * The verdict, said in words first (its headline, what it means, what to do), then each check with its
 * outcome and reason. `level` 3 and an `id` place it inside a presentation's verdict.
 */
export function Verdict({ result, ref, level = 2, id = 'verdict', label }: { result: VerificationResult; ref?: Ref<HTMLHeadingElement>; level?: 2 | 3; id?: string; label?: string }) {
  const s = result.summary;
  const words = verdictWords(result);
  const tag = tagOf(result.outcome);
  const Heading = level === 2 ? 'h2' : 'h3';
  const Sub = level === 2 ? 'h3' : 'h4';
  return (
    <section className={sectionClass(result.outcome)} aria-labelledby={`${id}-title`}>
      <Heading id={`${id}-title`} ref={ref} tabIndex={-1} className="verdict-title">
        <span className="verdict-mark" aria-hidden="true">
          {tag.mark}
        </span>
        {label ? `${label}: ${words.title}` : words.title}
      </Heading>
      <p className="verdict-lead">
        {words.meaning} <strong>{words.action}</strong>
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
              <span className="verdict-id">{s.issuerId || 'Not named'}</span>
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
      <Sub>Checks</Sub>
      <ul className="checks">
        {result.checks.map((c) => (
          <CheckItem key={c.check} outcome={c.outcome} name={checkLabel(c.check)} reason={c.reason} />
        ))}
      </ul>
    </section>
  );
}

const presentationLabels: Record<string, string> = { presentation: 'Format', proof: 'Holder’s proof', challenge: 'Challenge', domain: 'Domain' };

function presentationWords(r: PresentationResult): { title: string; meaning: string } {
  const n = r.credentials.length;
  const count = `${n} credential${n === 1 ? '' : 's'}`;
  const bad = r.credentials.filter((c) => c.outcome === 'failed').length;
  const own = r.checks.filter((c) => c.outcome !== 'passed').map((c) => (presentationLabels[c.check] ?? c.check).toLowerCase());
  if (r.outcome === 'passed') return { title: `Valid presentation of ${count}`, meaning: 'The holder’s proof and every credential passed every check.' };
  if (bad > 0) return { title: `Not valid: ${bad} of ${count} failed`, meaning: 'Do not rely on the credentials marked Not valid below; each says why.' };
  if (r.checks.some((c) => c.outcome === 'failed')) return { title: 'Not valid presentation', meaning: `The presentation itself failed (${own.join(', ')}); the reasons are below, then each credential’s own verdict.` };
  return {
    title: own.length ? `Presentation of ${count}, with warnings` : `Presentation of ${count}: check each credential`,
    meaning: own.length ? 'The credentials are checked one by one below; read the warnings about the presentation itself first.' : 'Each credential’s own verdict is below.',
  };
}

/** A presentation's verdict: its own checks (shape, holder's proof, challenge), then each credential's verdict. */
export function PresentationVerdict({ result, ref }: { result: PresentationResult; ref?: Ref<HTMLHeadingElement> }) {
  const words = presentationWords(result);
  const tag = tagOf(result.outcome);
  return (
    <section className={sectionClass(result.outcome)} aria-labelledby="verdict-title">
      <h2 id="verdict-title" ref={ref} tabIndex={-1} className="verdict-title">
        <span className="verdict-mark" aria-hidden="true">
          {tag.mark}
        </span>
        {words.title}
      </h2>
      <p className="verdict-lead">{words.meaning}</p>
      {result.holder ? (
        <dl className="facts">
          <div>
            <dt>Holder</dt>
            <dd className="verdict-id">{result.holder}</dd>
          </div>
        </dl>
      ) : null}
      <h3>The presentation’s checks</h3>
      <ul className="checks">
        {result.checks.map((c) => (
          <CheckItem key={c.check} outcome={c.outcome} name={presentationLabels[c.check] ?? c.check} reason={c.reason} />
        ))}
      </ul>
      {result.credentials.length === 0 ? <p>The presentation holds no credential to check.</p> : null}
      {result.credentials.map((c, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the credentials' order is the presentation's and never changes
        <Verdict key={i} result={c} level={3} id={`verdict-${i + 1}`} label={`Credential ${i + 1}${c.summary?.name ? ` (${c.summary.name})` : ''}`} />
      ))}
    </section>
  );
}
