import { createContext, type ReactNode, useContext, useRef } from 'react';
import { useLocation } from 'react-router';
import type { CurrentUser } from '../api.js';

/**
 * What the server rendered a page with (decision 0019): the page's data by key, the visitor's session and
 * how the page runs in the browser. `app` pages are hydrated by the whole app; `static` pages carry no app
 * script at all (only the small enhance script), so nothing on them may need React to work.
 */
export type ServerData = {
  url: string;
  mode: 'app' | 'static';
  user: CurrentUser | null;
  values: Record<string, unknown>;
};

type Held = { data: ServerData; first: string | null; spent: boolean };
const Context = createContext<{ current: Held } | null>(null);

/** The data the server embedded in the page (`<script type="application/json" id="server-data">`), if any. */
export function readServerData(): ServerData | null {
  const el = typeof document === 'undefined' ? null : document.getElementById('server-data');
  if (!el?.textContent) return null;
  try {
    return JSON.parse(el.textContent) as ServerData;
  } catch {
    return null;
  }
}

/** Holds the server's data for the first page only: after the first navigation in the app, pages load their own. */
export function ServerDataProvider({ data, children }: { data: ServerData | null; children: ReactNode }) {
  const held = useRef<Held | null>(null);
  if (!data) return <>{children}</>;
  held.current ??= { data, first: null, spent: false };
  return <Context.Provider value={held as { current: Held }}>{children}</Context.Provider>;
}

function useFirstPage() {
  const ctx = useContext(Context);
  const location = useLocation();
  if (!ctx) return null;
  const held = ctx.current;
  // The location the app started at is the one the server rendered; any navigation (even back to it) loads afresh.
  held.first ??= location.key;
  if (location.key !== held.first) held.spent = true;
  return held.spent ? null : held.data;
}

/** A value the server rendered this page with, while it is still the page the server rendered. */
export function useServerValue<T>(key: string): T | undefined {
  return useFirstPage()?.values[key] as T | undefined;
}

/** Whether this page was rendered by the server to run without the app (no sign-out button, no client-only controls). */
export function useStaticPage(): boolean {
  return useFirstPage()?.mode === 'static';
}

/** The visitor the server saw, so the header renders the same on the server and in the first client render. */
export function useServerUser(): CurrentUser | null | undefined {
  const ctx = useContext(Context);
  return ctx ? ctx.current.data.user : undefined;
}
