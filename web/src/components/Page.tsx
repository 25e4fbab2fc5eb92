import type { ReactNode } from 'react';
import { useEffect } from 'react';

/** Sets the document title for a page: "Page – Guildhall". */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} – Guildhall`;
  }, [title]);
}

/**
 * A page: its document title, its one h1 and its content. The h1 is focusable so that Layout can move
 * focus to it after an in-app navigation.
 */
export function Page({ title, heading, lead, children, narrow }: { title: string; heading?: string; lead?: ReactNode; children?: ReactNode; narrow?: boolean }) {
  useTitle(title);
  return (
    <div className={narrow ? 'page page-narrow' : 'page'}>
      <h1 tabIndex={-1}>{heading ?? title}</h1>
      {lead ? <p className="lead">{lead}</p> : null}
      {children}
    </div>
  );
}
