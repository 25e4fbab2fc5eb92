import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { SubmitApplicationBody } from '../../../../contracts/applications.js';
import type { EligibilityResult } from '../../../../contracts/portfolio-api.js';
import { type ApplicationPreview, applications, portfolio } from '../../api.js';
import { Submit } from '../../components/forms.js';
import { Page } from '../../components/Page.js';
import { applicationsSchema } from '../../components/schemas.js';
import { Check, Problems, Section, messageOf, useAction } from '../../components/actions.js';
import { formatFee } from '../../components/application.js';

const submitApplicationBody = applicationsSchema('SubmitApplicationBody');

const labels = { ethicsAccepted: 'Code of ethics', declaredTrue: 'Declaration', levelId: 'Level' };
const pts = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, ''));

/**
 * Applying for a level: everything on file is shown as it will be frozen, so nothing is typed again; the member
 * only accepts the code of ethics and declares the record true.
 */
export function ApplyPage() {
  const [params] = useSearchParams();
  const levelId = params.get('level') ?? '';
  const [preview, setPreview] = useState<ApplicationPreview | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    if (!levelId) return;
    let live = true;
    setPreview(null);
    applications
      .preview(levelId)
      .then((p) => live && setPreview(p))
      .catch((err) => live && setLoadError(messageOf(err)));
    return () => {
      live = false;
    };
  }, [levelId]);

  const title = preview ? `Apply for ${preview.level.name}` : 'Apply for a level';
  if (!levelId) return <ChooseLevel />;
  if (loadError) {
    return (
      <Page title={title}>
        <p className="banner banner-error" role="alert">
          {loadError}
        </p>
        <p>
          <Link to="/applications/new">Choose another level</Link> or <Link to="/portfolio">see your portfolio’s eligibility</Link>
        </p>
      </Page>
    );
  }
  if (!preview) {
    return (
      <Page title={title}>
        <p className="loading" role="status">
          Preparing your application…
        </p>
      </Page>
    );
  }
  return (
    <Page title={title} lead="Your application is made from your portfolio as it is now. Check what will be sent, then confirm the two statements at the end.">
      <Frozen preview={preview} />
      {preview.eligible && preview.blockers.length === 0 ? (
        <SubmitForm preview={preview} />
      ) : (
        <Section id="blockers" title="You cannot apply yet" className="card card-blocked">
          <ul>
            {preview.blockers.map((b) => (
              <li key={b}>{b}</li>
            ))}
          </ul>
          <p>
            <Link to="/portfolio">Update your portfolio</Link> or <Link to="/applications">see your applications</Link>.
          </p>
        </Section>
      )}
    </Page>
  );
}

/** No level in the address: every level of the scheme with the member's eligibility, and Apply where they may. */
function ChooseLevel() {
  const [result, setResult] = useState<EligibilityResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    portfolio
      .eligibility()
      .then((r) => live && setResult(r))
      .catch((err) => live && setError(messageOf(err)));
    return () => {
      live = false;
    };
  }, []);
  const levels = result ? [...result.evaluation.levels].sort((a, b) => a.order - b.order) : [];
  return (
    <Page title="Apply for a level" lead="Choose the level to apply for. Your portfolio decides which you are eligible for today.">
      {error ? (
        <p className="banner banner-error" role="alert">
          Your eligibility could not be loaded: {error}
        </p>
      ) : null}
      {!result && !error ? (
        <p className="loading" role="status">
          Checking your eligibility…
        </p>
      ) : null}
      {result ? (
        <ul className="level-choices">
          {levels.map((l) => (
            <li key={l.id} className="card">
              <h2>
                {l.name}
                {l.postNominals ? ` (${l.postNominals})` : ''}
              </h2>
              {l.eligible ? (
                <>
                  <p>
                    <span className="tag tag-ok">Eligible</span> Your portfolio meets this level.
                  </p>
                  <p>
                    <Link className="button button-small" to={`/applications/new?level=${encodeURIComponent(l.id)}`}>
                      Apply for {l.name}
                    </Link>
                  </p>
                </>
              ) : (
                <>
                  <p>
                    <span className="tag tag-warn">Not yet eligible</span>
                  </p>
                  {l.gaps.length ? (
                    <ul>
                      {l.gaps.map((g) => (
                        <li key={`${g.requirement}-${g.category ?? ''}`}>{g.message}</li>
                      ))}
                    </ul>
                  ) : null}
                </>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <p>
        <Link to="/portfolio">Update your portfolio</Link> or <Link to="/applications">see your applications</Link>.
      </p>
    </Page>
  );
}

function Frozen({ preview }: { preview: ApplicationPreview }) {
  const { level, counts, total, referees, fee, codeOfEthics } = preview;
  return (
    <>
      <Section id="frozen" title="What will be sent">
        <dl className="facts">
          <div>
            <dt>Level</dt>
            <dd>
              {level.name}
              {level.postNominals ? ` (${level.postNominals})` : ''}
            </dd>
          </div>
          <div>
            <dt>Portfolio</dt>
            <dd>
              {counts.items} {counts.items === 1 ? 'item' : 'items'}, {counts.evidence} evidence {counts.evidence === 1 ? 'file or link' : 'files and links'}
            </dd>
          </div>
          <div>
            <dt>Points counted</dt>
            <dd>{pts(total)}</dd>
          </div>
          <div>
            <dt>Scheme</dt>
            <dd>{preview.schemeVersion.label}</dd>
          </div>
          <div>
            <dt>Fee</dt>
            <dd>{fee ? `${formatFee(fee)}, payable only if you are approved` : 'None'}</dd>
          </div>
        </dl>
        <p className="hint">A copy is kept with the application; later changes to your portfolio do not alter it.</p>
        <h3>Referees who will be asked</h3>
        {referees.length ? (
          <ul>
            {referees.map((r) => (
              <li key={r.email}>
                <strong>{r.name}</strong>, {r.relationship} · {r.email} · {r.claims} {r.claims === 1 ? 'claim' : 'claims'} to confirm
              </li>
            ))}
          </ul>
        ) : (
          <p>No referees are named in your work history.</p>
        )}
        {preview.byNomination ? <p>This level is by nomination: a panel decides after your nominators and you have confirmed.</p> : null}
      </Section>
      <Section id="ethics" title={`${codeOfEthics.title} (version ${codeOfEthics.version})`}>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard to be read */}
        <section className="ethics-text" tabIndex={0} aria-label="Code of ethics text">
          {codeOfEthics.text.split(/\n{2,}/).map((para) => (
            <p key={para.slice(0, 60)}>{para}</p>
          ))}
        </section>
      </Section>
    </>
  );
}

function SubmitForm({ preview }: { preview: ApplicationPreview }) {
  const navigate = useNavigate();
  const action = useAction('apply-');
  const [ethics, setEthics] = useState(false);
  const [declared, setDeclared] = useState(false);
  const body = { levelId: preview.level.id, ethicsAccepted: ethics, declaredTrue: declared };
  const submit = action.run(
    async () => {
      const view = await applications.submit(body as SubmitApplicationBody);
      navigate(`/applications/${encodeURIComponent(view.id)}`, { state: { flash: `Your application for ${preview.level.name} was submitted.` } });
    },
    { schema: submitApplicationBody, body },
  );
  return (
    <Section id="confirm" title="Confirm and submit">
      <form onSubmit={submit} noValidate className="form">
        <Problems action={action} labels={labels} />
        <Check action={action} name="ethicsAccepted" checked={ethics} onChange={setEthics} label={`I accept the ${preview.codeOfEthics.title.charAt(0).toLowerCase()}${preview.codeOfEthics.title.slice(1)} above`} />
        <Check action={action} name="declaredTrue" checked={declared} onChange={setDeclared} label="I declare that my portfolio is true and complete" />
        <Submit busy={action.busy} busyText="Submitting…">
          Submit application
        </Submit>
      </form>
    </Section>
  );
}
