import type { RegisterEntry } from '../../api.js';
import { formatDate } from '../../components/format.js';

const regionNames = new Intl.DisplayNames(['en-GB'], { type: 'region' });
const countryName = (code: string) => {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
};

const statusText = { active: 'Active', suspended: 'Suspended', lapsed: 'Lapsed', revoked: 'Revoked' } as const;
const statusClass = { active: 'tag tag-ok', suspended: 'tag tag-warn', lapsed: 'tag tag-warn', revoked: 'tag tag-failed' } as const;

/** A credential's status in words, coloured but never by colour alone. */
export function CredentialStatusTag({ status }: { status: keyof typeof statusText }) {
  return <span className={statusClass[status]}>{statusText[status]}</span>;
}

/** One holder in the register: name, country if shown, and every credential with its status and public page. */
export function RegisterResult({ entry }: { entry: RegisterEntry }) {
  return (
    <li className="mail-item">
      <h3 className="user-name">{entry.name}</h3>
      {entry.country ? <p className="result-count">{countryName(entry.country)}</p> : null}
      <ul className="link-list">
        {entry.credentials.map((c) => (
          <li key={c.id}>
            <strong>{c.levelName}</strong>
            {c.postNominals ? ` (${c.postNominals})` : ''} · awarded {formatDate(c.awardedAt)} · <CredentialStatusTag status={c.status} /> ·{' '}
            {/* A full page load: the public credential page may be served by the server as well as the app. */}
            <a href={c.url}>
              View credential<span className="visually-hidden">: {c.levelName} of {entry.name}</span>
            </a>
          </li>
        ))}
      </ul>
    </li>
  );
}
