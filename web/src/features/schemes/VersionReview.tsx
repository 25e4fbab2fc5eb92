import type { SchemeChange, SchemeVersionReview } from '../../../../contracts/schemes-api.js';

const areaNames: Record<SchemeChange['area'], string> = {
  scheme: 'Scheme',
  category: 'Point categories',
  rule: 'Item rules',
  level: 'Levels',
  catalogue: 'Catalogue',
  responsibilityLevel: 'Responsibility levels',
  skill: 'Skills',
};

/** What a draft version changes: the differences from the version in force and how many members gain or lose each level. */
export function VersionReview({ review }: { review: SchemeVersionReview }) {
  const { impact, diff } = review;
  const areas = [...new Set(diff.map((d) => d.area))];
  return (
    <>
      <h4>Changes from {review.against ? `version ${review.against.label}` : 'nothing (first version)'}</h4>
      {diff.length === 0 ? (
        <p>This version has the same content as the one in force.</p>
      ) : (
        areas.map((a) => (
          <div key={a} className="diff-area">
            <h5>{areaNames[a]}</h5>
            <ul className="diff-list">
              {diff
                .filter((d) => d.area === a)
                .map((d) => (
                  <li key={`${d.area}-${d.id}-${d.change}`} className={`diff diff-${d.change}`}>
                    <span className="tag">{d.change}</span> {d.summary}
                  </li>
                ))}
            </ul>
          </div>
        ))
      )}

      <h4>What it changes for members</h4>
      <p>
        Of {impact.members} {impact.members === 1 ? 'member' : 'members'} evaluated on {review.asOf.slice(0, 10)}: {impact.higher} would reach a higher level, {impact.lower} a
        lower one, and {impact.unchanged} would stay where they are.
      </p>
      <p id="impact-caption" className="table-title">
        Members eligible for each level, now and after publishing
      </p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: keyboard users must be able to scroll the table on a phone */}
      <section className="table-wrap" tabIndex={0} aria-labelledby="impact-caption">
        <table className="table-compact" aria-labelledby="impact-caption">
          <thead>
            <tr>
              <th scope="col">Level</th>
              <th scope="col">Now</th>
              <th scope="col">After</th>
              <th scope="col">Gain</th>
              <th scope="col">Lose</th>
            </tr>
          </thead>
          <tbody>
            {impact.levels.map((l) => (
              <tr key={l.id}>
                <th scope="row">{l.name}</th>
                <td>{l.eligibleBefore}</td>
                <td>{l.eligibleAfter}</td>
                <td className={l.becomeEligible ? 'gain' : undefined}>{l.becomeEligible ? `+${l.becomeEligible}` : '0'}</td>
                <td className={l.loseEligibility ? 'lose' : undefined}>{l.loseEligibility ? `−${l.loseEligibility}` : '0'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
