import type { VerificationResult } from '../../api.js';
import { formatTime } from '../../components/format.js';
import { checkLabel, tagOf, verdictWords } from '../../components/verdict-words.js';

const lineClass = (outcome: string) => `verdict-line verdict-line-${outcome === 'passed' ? 'valid' : outcome === 'failed' ? 'invalid' : 'uncertain'}`;

/**
 * The verification's outcome in one short block: the headline and what to do first, then each check in
 * a line with its outcome in words, so the page says whether the credential stands without anyone
 * pressing a button (or running a script).
 */
export function VerdictLine({ result, checkedAt }: { result: VerificationResult; checkedAt?: string }) {
  const words = verdictWords(result);
  const tag = tagOf(result.outcome);
  return (
    <div className={lineClass(result.outcome)}>
      <p className="verdict-line-title">
        <span className={tag.className}>{words.title}</span> {words.meaning} {words.action}
        {checkedAt ? ` Checked ${formatTime(checkedAt)}.` : ''}
      </p>
      <ul className="verdict-line-checks">
        {result.checks.map((c) => {
          const t = tagOf(c.outcome);
          return (
            <li key={c.check}>
              <span className="visually-hidden">{`${t.text}, ${checkLabel(c.check)}: `}</span>
              <span aria-hidden="true">{`${t.mark} `}</span>
              {c.reason}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
