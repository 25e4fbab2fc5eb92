import { cpdSchema } from '../../components/schemas.js';
import { type CpdRuleSetInfo, type TrackedCredential, cpd } from '../../api.js';
import { ErrorSummary, Field, Submit, useForm } from '../../components/forms.js';
import { SelectField } from '../../components/controls.js';

const TrackedCredentialBody = cpdSchema('TrackedCredentialBody');

const labels = { name: 'Credential', issuer: 'Issued by', ruleSetKey: 'Rule set', cycleStart: 'Cycle started on' };

/** Credentials from other bodies whose CPD the member tracks here, and the form to add one. */
export function TrackedSection({ tracked, ruleSets, onChanged }: { tracked: TrackedCredential[]; ruleSets: CpdRuleSetInfo[]; onChanged: (message: string) => Promise<void> }) {
  const form = useForm({ name: '', issuer: '', ruleSetKey: '', cycleStart: '' }, 'cpd-track-');
  const others = ruleSets.filter((r) => !r.bodyDefault);
  const name = (key: string) => ruleSets.find((r) => r.key === key)?.name ?? key;
  return (
    <section aria-labelledby="cpd-tracked-title" className="section">
      <h2 id="cpd-tracked-title">Credentials from other bodies</h2>
      <p>Your activities count towards these too, each by its own rules, so you log everything once.</p>
      {tracked.length ? (
        <ul className="item-list">
          {tracked.map((t) => (
            <li key={t.id} className="item">
              <p className="item-title">{t.name}</p>
              <p className="item-detail">
                {t.issuer} · {name(t.ruleSetKey)} · cycle from {t.cycleStart}
              </p>
              <div className="item-actions">
                <button
                  type="button"
                  className="button button-secondary button-small"
                  onClick={async () => {
                    await cpd.untrack(t.id);
                    await onChanged(`Stopped tracking ${t.name}.`);
                  }}
                >
                  Stop tracking<span className="visually-hidden"> {t.name}</span>
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">You track no other credentials.</p>
      )}
      <form
        className="form"
        noValidate
        onSubmit={form.submit(
          async (v) => {
            await cpd.track(v);
            form.reset();
            await onChanged(`Now tracking ${v.name}.`);
          },
          TrackedCredentialBody,
        )}
      >
        <h3>Track a credential</h3>
        <ErrorSummary form={form} labels={labels} />
        <Field {...form.field('name')} label={labels.name} hint="For example Certified Information Security Professional" />
        <Field {...form.field('issuer')} label={labels.issuer} />
        <SelectField id="cpd-track-ruleSetKey" label={labels.ruleSetKey} hint="The CPD rules that credential follows." value={form.values.ruleSetKey} error={form.errors.ruleSetKey?.[0]} onChange={(v) => form.set('ruleSetKey', v)}>
          <option value="">Choose rules</option>
          {others.map((r) => (
            <option key={r.key} value={r.key}>
              {r.name}
            </option>
          ))}
        </SelectField>
        <Field {...form.field('cycleStart')} label={labels.cycleStart} type="date" className="input input-medium" hint="When its current CPD cycle began (often the award or renewal date)." />
        <Submit busy={form.submitting}>Track this credential</Submit>
      </form>
    </section>
  );
}
