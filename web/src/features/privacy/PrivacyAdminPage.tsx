import { useCallback, useState } from 'react';
import { ApiError } from '../../api-core.js';
import { Field, Submit } from '../../components/forms.js';
import { useAction, Problems, Section, Check } from '../../components/actions.js';
import { TextareaField } from '../../components/controls.js';
import { formatDate } from '../../components/format.js';
import { useLoaded } from '../../components/loaded.js';
import { Page } from '../../components/Page.js';
import { type Erasure, privacy } from '../../api/privacy.js';

const labels = { email: 'E-mail address', reason: 'Reason', confirm: 'Confirmation' };

/** Erasing a member on request, with the reason; the answer says what was deleted and what was kept. */
function EraseForm({ onErased }: { onErased: () => Promise<void> }) {
  const action = useAction('erase-');
  const [email, setEmail] = useState('');
  const [reason, setReason] = useState('');
  const [confirm, setConfirm] = useState(false);
  const [done, setDone] = useState<Erasure | null>(null);
  const submit = action.run(async () => {
    if (!confirm) throw new ApiError(400, 'VALIDATION_FAILED', 'Confirm that this is the right person.', {}, { confirm: ['Tick this box to confirm'] });
    setDone(await privacy.erase({ email, reason }));
    setEmail('');
    setReason('');
    setConfirm(false);
    await onErased();
  });
  return (
    <Section id="privacy-erase" title="Erase a member">
      <p>
        Their credentials are revoked, they leave the register, their evidence files and personal fields are deleted, and a pseudonym takes their place. This cannot be
        undone.
      </p>
      {done ? (
        <div className="banner banner-success" role="status">
          <p>
            Erased: now “{done.pseudonym}”. {done.revokedCredentials ?? 0} credential(s) revoked, {done.deletedEvidence ?? 0} evidence item(s) deleted.
          </p>
          <p>Kept:</p>
          <ul>
            {(done.kept ?? []).map((k) => (
              <li key={k}>{k}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <form onSubmit={submit} noValidate className="form">
        <Problems action={action} labels={labels} />
        <Field {...action.at('email')} label={labels.email} type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
        <TextareaField {...action.at('reason')} label={labels.reason} hint="The request and its date, e.g. “Letter of 1 December 2026”" value={reason} onChange={setReason} maxLength={2000} />
        <Check action={action} name="confirm" checked={confirm} onChange={setConfirm} label="I have checked this is the right person and that nothing requires keeping their data" />
        <Submit busy={action.busy} busyText="Erasing…">
          Erase this member
        </Submit>
      </form>
    </Section>
  );
}

/** Every erasure, newest first. */
function Erasures() {
  const fetch = useCallback(() => privacy.erasures(), []);
  const { data, error } = useLoaded(fetch);
  return (
    <Section id="privacy-erasures" title="Erasures">
      {error ? <p className="banner banner-error" role="alert">{error}</p> : null}
      {data && data.erasures.length === 0 ? <p className="empty">No one has been erased.</p> : null}
      {data?.erasures.length ? (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard to be scrolled
        <section className="table-wrap" aria-labelledby="erasures-caption" tabIndex={0}>
          <table>
            <caption id="erasures-caption">Erasures, newest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Pseudonym</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {data.erasures.map((e) => (
                <tr key={e.id}>
                  <td>{formatDate(e.at)}</td>
                  <td>{e.pseudonym}</td>
                  <td>{e.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </Section>
  );
}

/** The retention job's dry run: what it would purge today and what it keeps, and why. */
function Retention() {
  const fetch = useCallback(() => privacy.retention(), []);
  const { data, error } = useLoaded(fetch);
  return (
    <Section id="privacy-retention" title="Evidence retention (dry run)">
      {error ? <p className="banner banner-error" role="alert">{error}</p> : null}
      {data ? (
        <>
          <p>
            Evidence is kept for its CPD cycle plus {data.retentionMonths} months. Today the daily job would delete {data.purge} item(s) and keep {data.kept} that are still
            needed. Nothing has been deleted by showing this.
          </p>
          {data.items.length ? (
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a table that scrolls sideways must be reachable by keyboard to be scrolled
            <section className="table-wrap" aria-labelledby="retention-caption" tabIndex={0}>
              <table>
                <caption id="retention-caption">Evidence past its cycle</caption>
                <thead>
                  <tr>
                    <th scope="col">Evidence</th>
                    <th scope="col">Cycle ended</th>
                    <th scope="col">Due from</th>
                    <th scope="col">Would be</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((i) => (
                    <tr key={i.evidenceId}>
                      <td>{i.title}</td>
                      <td>{i.cycleEndedOn}</td>
                      <td>{i.purgeFrom}</td>
                      <td>{i.decision === 'purge' ? 'Deleted' : 'Kept'}</td>
                      <td>{i.why}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ) : null}
        </>
      ) : null}
    </Section>
  );
}

/** Privacy for scheme and system administrators: erasure, the erasures made, and the retention dry run. */
export function PrivacyAdminPage() {
  const [reload, setReload] = useState(0);
  return (
    <Page title="Privacy" lead="Erase a member on request, and see what the evidence retention job would delete.">
      <EraseForm onErased={async () => setReload((n) => n + 1)} />
      <Erasures key={reload} />
      <Retention />
    </Page>
  );
}
