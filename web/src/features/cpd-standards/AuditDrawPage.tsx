import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, type CpdAuditRow, cpdStandards } from '../../api.js';
import { Problems, Section, useAction } from '../../components/actions.js';
import { CheckboxField, TextareaField } from '../../components/controls.js';
import { Field, Submit } from '../../components/forms.js';
import { Loading } from '../../components/guards.js';
import { Page } from '../../components/Page.js';
import { AuditTable } from './AuditsPage.js';

type DrawResult = Awaited<ReturnType<typeof cpdStandards.startDraw>>;

/**
 * The scheme administrator's audit desk: start the year's draw (its seed shown, so the same draw can be
 * repeated by typing it), audit one holder on purpose with a reason, and every audit with its state and due date.
 */
export function AuditDrawPage() {
  const [rows, setRows] = useState<CpdAuditRow[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const load = useCallback(() => {
    cpdStandards
      .audits({ scope: 'all' })
      .then((r) => setRows(r.items))
      .catch((e: unknown) => setLoadError(e instanceof ApiError ? e.message : 'The audits could not be loaded.'));
  }, []);
  useEffect(load, [load]);

  return (
    <Page title="CPD audit draw" lead="Each year a sample of holders is asked to show evidence for their CPD. The draw is random but repeatable: the same seed always picks the same holders.">
      <DrawForm onDrawn={load} />
      <TargetedForm onAdded={load} />
      <Section id="audit-list" title="All audits">
        <p>
          Every audit with its state and the date evidence is due. Assessors decide them on <Link to="/cpd/audits/review">CPD audit review</Link>.
        </p>
        {loadError ? <p className="banner banner-error">{loadError}</p> : !rows ? <Loading what="Loading audits" /> : rows.length ? <AuditTable rows={rows} showMember showSeed /> : <p className="empty">No audits yet.</p>}
      </Section>
    </Page>
  );
}

function DrawForm({ onDrawn }: { onDrawn: () => void }) {
  const action = useAction('draw-');
  const [year, setYear] = useState(String(new Date().getUTCFullYear()));
  const [percent, setPercent] = useState('5');
  const [seed, setSeed] = useState('');
  const [targeted, setTargeted] = useState(true);
  const [result, setResult] = useState<DrawResult | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (result) resultRef.current?.focus();
  }, [result]);

  const submit = action.run(async () => {
    setResult(null);
    const rate = Number(percent) / 100;
    const r = await cpdStandards.startDraw({ year: Number(year), rate: Number.isFinite(rate) ? rate : (percent as unknown as number), seed: seed.trim() || undefined, targeted });
    setResult(r);
    onDrawn();
  });
  return (
    <Section id="draw" title="Start the year’s draw">
      <form onSubmit={submit} noValidate className="form">
        <Problems action={action} labels={{ year: 'Year', rate: 'Share of holders', seed: 'Seed' }} />
        <Field {...action.at('year')} label="Year" className="input input-short" inputMode="numeric" value={year} onChange={(e) => setYear(e.target.value)} />
        <Field {...action.at('rate')} label="Share of holders to audit (%)" hint="5% is usual." className="input input-short" inputMode="decimal" value={percent} onChange={(e) => setPercent(e.target.value)} />
        <Field
          {...action.at('seed')}
          label="Seed (optional)"
          hint="Leave blank for a new random draw. Type the seed of an earlier draw to repeat it exactly: no holder is audited twice in a year."
          className="input input-medium"
          autoComplete="off"
          value={seed}
          onChange={(e) => setSeed(e.target.value)}
        />
        <CheckboxField id="draw-targeted" label="Also open targeted cases the rules flag (unusually many hours, claims logged long after the date)" checked={targeted} onChange={setTargeted} />
        <Submit busy={action.busy} busyText="Drawing…">
          Start the draw
        </Submit>
      </form>
      {result ? (
        <div className="banner banner-success" role="status" tabIndex={-1} ref={resultRef}>
          <p>
            Drawn for {result.year} with seed <code className="seed">{result.seed}</code>: {result.sampled} of {result.population} holders sampled, {result.targeted} targeted, {result.created}{' '}
            {result.created === 1 ? 'audit' : 'audits'} opened now.
          </p>
          <p>Keep the seed: typing it again repeats this draw.</p>
        </div>
      ) : null}
    </Section>
  );
}

function TargetedForm({ onAdded }: { onAdded: () => void }) {
  const action = useAction('targeted-');
  const [email, setEmail] = useState('');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const submit = action.run(async () => {
    setDone(null);
    const a = await cpdStandards.addTargeted({ email, reason });
    setDone(`${a.memberName} is asked for evidence on ${a.items.length} ${a.items.length === 1 ? 'activity' : 'activities'}, due ${a.dueAt.slice(0, 10)}.`);
    setEmail('');
    setReason('');
    onAdded();
  });
  return (
    <Section id="targeted" title="Add a targeted case">
      <p>Audit one holder on purpose, for example after a complaint. They are told the reason.</p>
      <form onSubmit={submit} noValidate className="form">
        <Problems action={action} labels={{ email: 'E-mail address', reason: 'Reason' }} />
        <Field {...action.at('email')} label="Holder’s e-mail address" type="email" autoComplete="off" className="input input-medium" value={email} onChange={(e) => setEmail(e.target.value)} />
        <TextareaField {...action.at('reason')} label="Reason" hint="Shown to the holder in the audit request." value={reason} onChange={setReason} maxLength={500} />
        <Submit busy={action.busy} busyText="Opening…">
          Open the audit
        </Submit>
      </form>
      {done ? (
        <p className="banner banner-success" role="status">
          {done}
        </p>
      ) : null}
    </Section>
  );
}
