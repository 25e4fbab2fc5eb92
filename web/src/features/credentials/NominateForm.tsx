import { useState } from 'react';
import { applicationsSchema } from '../../components/schemas.js';
import { applications } from '../../api.js';
import { Field, Status, Submit } from '../../components/forms.js';
import { Problems, Section, useAction } from '../../components/actions.js';
import { TextareaField } from '../../components/controls.js';

const NominateBody = applicationsSchema('NominateBody');

const labels = { nomineeEmail: 'Member’s e-mail address', statement: 'Why you nominate them', levelId: 'Level' };

/** A level by nomination (Fellow): two holders nominate, the nominee consents, a panel decides. */
export function NominateForm({ level }: { level: { id: string; name: string } }) {
  const action = useAction(`nominate-${level.id}-`);
  const [email, setEmail] = useState('');
  const [statement, setStatement] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const body = { nomineeEmail: email.trim(), levelId: level.id, statement };
  const submit = action.run(
    async () => {
      await applications.nominate(body);
      setSent(`Your nomination of ${body.nomineeEmail} was recorded. The member is asked to consent once enough nominations arrive.`);
      setEmail('');
      setStatement('');
    },
    { schema: NominateBody, body },
  );
  return (
    <Section id={`nominate-${level.id}`} title={`Nominate a member for ${level.name}`}>
      <p>{level.name} is by nomination: it needs nominations from current holders, the member’s consent and a panel decision.</p>
      <Status message={sent} className="status-success" />
      <form onSubmit={submit} noValidate className="form">
        <Problems action={action} labels={labels} />
        <Field {...action.at('nomineeEmail')} name="nomineeEmail" type="email" autoComplete="off" label={labels.nomineeEmail} value={email} onChange={(e) => setEmail(e.target.value)} />
        <TextareaField {...action.at('statement')} label={labels.statement} value={statement} onChange={setStatement} maxLength={4000} />
        <Submit busy={action.busy}>Send nomination</Submit>
      </form>
    </Section>
  );
}
