import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { CurrentUser, Role } from '../api.js';
import { getCurrentUser, onSessionEnded, probeDevMailbox } from '../api-core.js';
import { useServerUser } from '../ssr/data.js';

type Session = {
  /** undefined while the first check runs; null when nobody is signed in. */
  user: CurrentUser | null | undefined;
  /** Whether the development mailbox is open to this visitor (the API decides; we only mirror it). */
  mailbox: boolean;
  setUser: (user: CurrentUser | null) => void;
  refresh: () => Promise<void>;
};

const SessionContext = createContext<Session | null>(null);

/** Holds the current user for the whole app and knows whether the development mailbox is reachable. */
export function SessionProvider({ children }: { children: ReactNode }) {
  // A page the server rendered starts with the visitor it saw, so the first render matches its HTML.
  const [user, setUser] = useState<CurrentUser | null | undefined>(useServerUser());
  const [anonMailbox, setAnonMailbox] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setUser(await getCurrentUser());
    } catch {
      setUser(null);
    }
  }, []);

  useEffect(() => {
    onSessionEnded(() => setUser(null));
    void refresh();
  }, [refresh]);

  // A visitor who is not signed in cannot learn the site's mode from getCurrentUser; asking the
  // mailbox itself is the honest test (it answers in demo mode and refuses otherwise).
  useEffect(() => {
    if (user !== null) return;
    let live = true;
    probeDevMailbox()
      .then(() => live && setAnonMailbox(true))
      .catch(() => live && setAnonMailbox(false));
    return () => {
      live = false;
    };
  }, [user]);

  const mailbox = user ? user.devMailbox && (user.demo || user.roles.includes('system_admin')) : anonMailbox;
  const value = useMemo(() => ({ user, mailbox, setUser, refresh }), [user, mailbox, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session of the app; components below SessionProvider only. */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** True when the signed-in user holds one of the roles. */
export function hasRole(user: CurrentUser | null | undefined, ...roles: Role[]): boolean {
  return !!user && roles.some((r) => user.roles.includes(r));
}

export const roleLabels: Record<Role, string> = {
  member: 'Member',
  assessor: 'Assessor',
  scheme_admin: 'Scheme administrator',
  event_organiser: 'Event organiser',
  employer_admin: 'Employer administrator',
  system_admin: 'System administrator',
};
