import { type ComponentType, type ReactNode, lazy } from 'react';
import { Route, Routes } from 'react-router';
import { RequireRole } from './components/guards.js';
import { NotFoundPage } from './features/NotFoundPage.js';

/*
 * The staff pages under /admin, routed here rather than one by one in App.tsx: the shell carries the one
 * splat route /admin/* for them (its 100 KB budget, tests/web/bundle-budget.test.ts). Each page is still a
 * chunk of its own; this table belongs to no feature, so a page's first load brings no other feature's code.
 * /admin/organisations and /admin/contact-reports rank before the splat and stay with the organisations' router.
 */

function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}

const UsersPage = page(() => import('./features/admin/UsersPage.js'), 'UsersPage');
const AuditPage = page(() => import('./features/admin/AuditPage.js'), 'AuditPage');
const MailPage = page(() => import('./features/admin/MailPage.js'), 'MailPage');
const CredentialsConsolePage = page(() => import('./features/credentials-console/CredentialsConsolePage.js'), 'CredentialsConsolePage');
const ConsoleCredentialPage = page(() => import('./features/credentials-console/CredentialPage.js'), 'CredentialPage');
const IssuerKeysPage = page(() => import('./features/credentials-console/IssuerKeysPage.js'), 'IssuerKeysPage');
const ReportsPage = page(() => import('./features/reports/ReportsPage.js'), 'ReportsPage');
const RegisterImportPage = page(() => import('./features/register-import/RegisterImportPage.js'), 'RegisterImportPage');
const PrivacyAdminPage = page(() => import('./features/privacy/PrivacyAdminPage.js'), 'PrivacyAdminPage');

const systemAdmin = (p: ReactNode) => <RequireRole roles={['system_admin']}>{p}</RequireRole>;
const schemeAdmin = (p: ReactNode) => <RequireRole roles={['scheme_admin']}>{p}</RequireRole>;
const eitherAdmin = (p: ReactNode) => <RequireRole roles={['scheme_admin', 'system_admin']}>{p}</RequireRole>;

/** Paths below /admin/, the page and who may see it (the API enforces the same on the data). */
const table: Array<{ path: string; Page: ComponentType; guard: (p: ReactNode) => ReactNode }> = [
  { path: 'users', Page: UsersPage, guard: systemAdmin },
  { path: 'audit', Page: AuditPage, guard: systemAdmin },
  { path: 'mail', Page: MailPage, guard: systemAdmin },
  { path: 'issuer-keys', Page: IssuerKeysPage, guard: systemAdmin },
  { path: 'credentials', Page: CredentialsConsolePage, guard: schemeAdmin },
  { path: 'credentials/:id', Page: ConsoleCredentialPage, guard: schemeAdmin },
  { path: 'privacy', Page: PrivacyAdminPage, guard: eitherAdmin },
  { path: 'reports', Page: ReportsPage, guard: eitherAdmin },
  { path: 'register-import', Page: RegisterImportPage, guard: schemeAdmin },
];

export function AdminRoutes() {
  return (
    <Routes>
      {table.map((r) => (
        <Route key={r.path} path={r.path} element={r.guard(<r.Page />)} />
      ))}
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
