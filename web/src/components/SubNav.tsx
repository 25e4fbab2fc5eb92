import './sub-nav.css';
import { Link, useLocation } from 'react-router';

/**
 * A feature's sub-navigation under one base path: one list of links, the current one (the section the
 * address is in) marked with aria-current. `label` names the navigation landmark.
 */
export function SubNav({ label, base, sections }: { label: string; base: string; sections: ReadonlyArray<{ path: string; label: string }> }) {
  const { pathname } = useLocation();
  return (
    <nav aria-label={label} className="sub-nav">
      <ul>
        {sections.map((s) => {
          const to = s.path ? `${base}/${s.path}` : base;
          const current = s.path ? pathname === to || pathname.startsWith(`${to}/`) : pathname === to;
          return (
            <li key={s.path}>
              <Link to={to} aria-current={current ? 'page' : undefined}>
                {s.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
