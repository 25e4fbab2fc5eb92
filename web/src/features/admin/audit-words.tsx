// Audit entries in words: the kinds of subject, action names and details as labelled values.

/** The kinds of thing entries are about, as the filter offers them. */
export const subjectKinds: Record<string, string> = {
  user: 'Person',
  credential: 'Credential',
  application: 'Application',
  scheme: 'Scheme',
  scheme_version: 'Scheme version',
  issuer_key: 'Issuer key',
  api_token: 'API token',
  organisation: 'Organisation',
  event: 'Event',
  cpd_provider: 'CPD provider',
  cpd_activity: 'CPD activity',
  cpd_audit: 'CPD audit',
  cpd_import: 'CPD import',
};

/** "credential_status_changed" or "statusChanged" → "Credential status changed". */
export function words(name: string): string {
  const spaced = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.]+/g, ' ')
    .trim()
    .toLowerCase();
  return spaced ? spaced[0]!.toUpperCase() + spaced.slice(1) : name;
}

export const kindOf = (type: string) => subjectKinds[type] ?? words(type);

function valueText(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) return v.length ? v.map(valueText).join(', ') : 'none';
  return JSON.stringify(v);
}

/** An entry's details as labelled values; nested objects as their own list. */
export function AuditDetails({ details }: { details: Record<string, unknown> }) {
  const entries = Object.entries(details);
  if (!entries.length) return <>—</>;
  return (
    <dl className="audit-details">
      {entries.map(([k, v]) => (
        <div key={k}>
          <dt>{words(k)}</dt>
          <dd>{v && typeof v === 'object' && !Array.isArray(v) ? <AuditDetails details={v as Record<string, unknown>} /> : valueText(v)}</dd>
        </div>
      ))}
    </dl>
  );
}
