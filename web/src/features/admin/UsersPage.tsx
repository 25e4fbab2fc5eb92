import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { roles } from '../../../../contracts/roles.js';
import { ApiError, type Role, type UserRow, type Users, admin } from '../../api.js';
import { Page } from '../../components/Page.js';
import { Status } from '../../components/forms.js';
import { formatDate } from '../../components/format.js';
import { roleLabels, useSession } from '../../components/session.js';

const pageSize = 25;

/** System administrators find users, grant and revoke roles, and disable or enable accounts. */
export function UsersPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const role = (params.get('role') ?? '') as Role | '';
  const offset = Number(params.get('offset') ?? '0') || 0;
  const [draft, setDraft] = useState({ q, role });
  const [data, setData] = useState<Users | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<{ text: string; error: boolean } | null>(null);

  const load = useCallback(async () => {
    try {
      setData(await admin.listUsers({ q: q || undefined, role: role || undefined, limit: pageSize, offset }));
      setError(null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Users could not be loaded.');
    }
  }, [q, role, offset]);
  useEffect(() => {
    void load();
  }, [load]);

  function search(e: FormEvent) {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (draft.q.trim()) next.q = draft.q.trim();
    if (draft.role) next.role = draft.role;
    setParams(next);
  }

  const page = (o: number) => {
    const next = new URLSearchParams(params);
    if (o > 0) next.set('offset', String(o));
    else next.delete('offset');
    setParams(next);
  };

  /** Runs one change, announces the result and replaces the row with the API's answer. */
  async function change(what: string, run: () => Promise<UserRow>) {
    try {
      const row = await run();
      setData((d) => (d ? { ...d, users: d.users.map((u) => (u.id === row.id ? row : u)) } : d));
      setStatus({ text: what, error: false });
    } catch (err) {
      setStatus({ text: err instanceof ApiError ? err.message : 'That change failed; try again.', error: true });
    }
  }

  return (
    <Page title="Users and roles">
      <search aria-label="Find users">
      <form onSubmit={search} className="form form-inline">
        <div className="field">
          <label htmlFor="users-q">Name or e-mail</label>
          <input id="users-q" type="search" className="input input-medium" value={draft.q} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="users-role">Role</label>
          <select id="users-role" className="input" value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role | '' })}>
            <option value="">Any role</option>
            {roles.map((r) => (
              <option key={r} value={r}>
                {roleLabels[r]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button">
          Search
        </button>
      </form>
      </search>
      <Status message={status?.text} className={status?.error ? 'status-error' : 'status-success'} />
      {error ? <p className="banner banner-error">{error}</p> : null}
      {!data && !error ? <p role="status">Loading users…</p> : null}
      {data ? (
        <>
          <p className="result-count">
            {data.total === 0 ? 'No users match.' : `Showing ${offset + 1}–${offset + data.users.length} of ${data.total} ${data.total === 1 ? 'user' : 'users'}.`}
          </p>
          <ul className="user-list" aria-label="Users">
            {data.users.map((u) => (
              <UserItem key={u.id} user={u} change={change} />
            ))}
          </ul>
          {data.total > pageSize ? (
          <nav aria-label="Pages of users" className="pager">
            <button type="button" className="button button-secondary" disabled={offset === 0} onClick={() => page(Math.max(0, offset - pageSize))}>
              Previous
            </button>
            <button type="button" className="button button-secondary" disabled={offset + pageSize >= data.total} onClick={() => page(offset + pageSize)}>
              Next
            </button>
          </nav>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}

function UserItem({ user: u, change }: { user: UserRow; change: (what: string, run: () => Promise<UserRow>) => Promise<void> }) {
  const { user: me } = useSession();
  const [adding, setAdding] = useState<Role | ''>('');
  const [busy, setBusy] = useState(false);
  const missing = roles.filter((r) => !u.roles.includes(r));
  const run = async (what: string, fn: () => Promise<UserRow>) => {
    setBusy(true);
    await change(what, fn);
    setBusy(false);
  };
  const headingId = `user-${u.id}`;
  return (
    <li className="user-item" aria-labelledby={headingId}>
      <div className="user-main">
        <h2 id={headingId} className="user-name">
          {u.name}
        </h2>
        <p className="user-email">{u.email}</p>
        <p className="user-meta">
          Joined {formatDate(u.createdAt)} · {u.status === 'active' ? <span className="tag tag-ok">Active</span> : <span className="tag tag-failed">Disabled</span>}{' '}
          {!u.emailVerified ? <span className="tag tag-warn">E-mail not confirmed</span> : null}
        </p>
      </div>
      <div className="user-roles">
        <h3 className="visually-hidden">Roles of {u.name}</h3>
        <ul className="role-list">
          {u.roles.length === 0 ? <li className="hint">No staff roles</li> : null}
          {u.roles.map((r) => (
            <li key={r} className="role-chip">
              {roleLabels[r]}
              <button type="button" className="chip-remove" disabled={busy} onClick={() => run(`${roleLabels[r]} role taken from ${u.name}.`, () => admin.revokeRole(u.id, r))}>
                <span aria-hidden="true">×</span>
                <span className="visually-hidden">
                  Remove the {roleLabels[r]} role from {u.name}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {missing.length ? (
          <form
            className="grant"
            onSubmit={(e) => {
              e.preventDefault();
              if (adding) void run(`${roleLabels[adding]} role granted to ${u.name}.`, () => admin.grantRole(u.id, adding)).then(() => setAdding(''));
            }}
          >
            <label htmlFor={`grant-${u.id}`} className="visually-hidden">
              Role to grant to {u.name}
            </label>
            <select id={`grant-${u.id}`} className="input input-small" value={adding} onChange={(e) => setAdding(e.target.value as Role | '')}>
              <option value="">Choose a role…</option>
              {missing.map((r) => (
                <option key={r} value={r}>
                  {roleLabels[r]}
                </option>
              ))}
            </select>
            <button type="submit" className="button button-small button-secondary" disabled={busy || !adding}>
              Grant<span className="visually-hidden"> role to {u.name}</span>
            </button>
          </form>
        ) : null}
      </div>
      <div className="user-actions">
        {u.id === me?.id ? null : u.status === 'active' ? (
          <button type="button" className="button button-small button-danger" disabled={busy} onClick={() => run(`${u.name}’s account is disabled and signed out.`, () => admin.setUserStatus(u.id, 'disabled'))}>
            Disable<span className="visually-hidden"> {u.name}</span>
          </button>
        ) : (
          <button type="button" className="button button-small button-secondary" disabled={busy} onClick={() => run(`${u.name}’s account is enabled again.`, () => admin.setUserStatus(u.id, 'active'))}>
            Enable<span className="visually-hidden"> {u.name}</span>
          </button>
        )}
      </div>
    </li>
  );
}
