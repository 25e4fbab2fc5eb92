import { type ComponentType, lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Layout } from './components/Layout.js';
import { RequireRole, RequireSignIn } from './components/guards.js';
import { SessionProvider } from './components/session.js';
import { NotFoundPage } from './features/NotFoundPage.js';
import { type ServerData, ServerDataProvider } from './ssr/data.js';

/**
 * A page loaded when its route is first visited, so each page is a chunk of its own and the first
 * load carries only the shell (decision 0017).
 */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(() => load().then((m) => ({ default: m[name] })));
}

const AccountPage = page(() => import('./features/account/AccountPage.js'), 'AccountPage');
const ForgotPasswordPage = page(() => import('./features/accounts/PasswordResetPages.js'), 'ForgotPasswordPage');
const ResetPasswordPage = page(() => import('./features/accounts/PasswordResetPages.js'), 'ResetPasswordPage');
const SignInPage = page(() => import('./features/accounts/SignInPage.js'), 'SignInPage');
const SignUpPage = page(() => import('./features/accounts/SignUpPage.js'), 'SignUpPage');
const VerifyEmailPage = page(() => import('./features/accounts/VerifyEmailPage.js'), 'VerifyEmailPage');
// credentials console
const HomePage = page(() => import('./features/home/HomePage.js'), 'HomePage');
const MailMessagePage = page(() => import('./features/mailbox/MailMessagePage.js'), 'MailMessagePage');
const MailboxPage = page(() => import('./features/mailbox/MailboxPage.js'), 'MailboxPage');
const ApplicationPage = page(() => import('./features/applications/ApplicationPage.js'), 'ApplicationPage');
const ApplyPage = page(() => import('./features/applications/ApplyPage.js'), 'ApplyPage');
const MyApplicationsPage = page(() => import('./features/applications/MyApplicationsPage.js'), 'MyApplicationsPage');
const QueuePage = page(() => import('./features/assess/QueuePage.js'), 'QueuePage');
const WorkbenchPage = page(() => import('./features/assess/WorkbenchPage.js'), 'WorkbenchPage');
const CredentialsPage = page(() => import('./features/credentials/CredentialsPage.js'), 'CredentialsPage');
const CredentialPublicPage = page(() => import('./features/credential-public/CredentialPublicPage.js'), 'CredentialPublicPage');
const ReferencePage = page(() => import('./features/references/ReferencePage.js'), 'ReferencePage');
const PortfolioPage = page(() => import('./features/portfolio/PortfolioPage.js'), 'PortfolioPage');
const CpdPage = page(() => import('./features/cpd/CpdPage.js'), 'CpdPage');
const CpdAuditPage = page(() => import('./features/cpd-standards/AuditPage.js'), 'AuditPage');
const AuditReviewListPage = page(() => import('./features/cpd-standards/AuditsPage.js'), 'AuditReviewListPage');
const AuditDrawPage = page(() => import('./features/cpd-standards/AuditDrawPage.js'), 'AuditDrawPage');
const MyAuditsPage = page(() => import('./features/cpd-standards/AuditsPage.js'), 'MyAuditsPage');
const CpdImportPage = page(() => import('./features/cpd-standards/ImportPage.js'), 'ImportPage');
const ClaimPage = page(() => import('./features/register-import/ClaimPage.js'), 'ClaimPage');
const CpdProvidersPage = page(() => import('./features/cpd-standards/ProvidersPage.js'), 'ProvidersPage');
const RegisterListingPage = page(() => import('./features/register/RegisterListingPage.js'), 'RegisterListingPage');
const RegisterPage = page(() => import('./features/register/RegisterPage.js'), 'RegisterPage');
const PrivacyPage = page(() => import('./features/privacy/PrivacyPage.js'), 'PrivacyPage');
const SchemePage = page(() => import('./features/schemes/SchemePage.js'), 'SchemePage');
const VerifyPage = page(() => import('./features/verify/VerifyPage.js'), 'VerifyPage');
// organisations: every page of the feature, routed by features/organisations/OrganisationRoutes.tsx
const OrganisationRoutes = page(() => import('./features/organisations/OrganisationRoutes.js'), 'OrganisationRoutes');
// events: every page of the feature, routed by features/events/EventRoutes.tsx
// every page under /admin/ but the organisations' own, routed by AdminRoutes.tsx
const AdminRoutes = page(() => import('./AdminRoutes.js'), 'AdminRoutes');
const EventRoutes = page(() => import('./features/events/EventRoutes.js'), 'EventRoutes');

/**
 * Every page of the app and who may see it; the API enforces the same rules on the data. `data` is what
 * the server rendered the first page with (decision 0019). The router is the caller's: the browser's in
 * main.tsx, a fixed location in entry-server.tsx (so the browser's bundle carries no server router).
 */
export function App({ data = null }: { data?: ServerData | null }) {
  return (
    <ServerDataProvider data={data}>
      <SessionProvider>
        <Layout>
          <Suspense fallback={<p className="loading">Loading…</p>}>
            <Routes>
              <Route path="/" element={<HomePage />} />
              <Route path="/verify" element={<VerifyPage />} />
              <Route path="/register" element={<RegisterPage />} />
              <Route
                path="/account/register"
                element={
                  <RequireSignIn>
                    <RegisterListingPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="/account/privacy"
                element={
                  <RequireSignIn>
                    <PrivacyPage />
                  </RequireSignIn>
                }
              />
              <Route path="/sign-up" element={<SignUpPage />} />
              <Route path="/sign-in" element={<SignInPage />} />
              <Route path="/verify-email" element={<VerifyEmailPage />} />
              <Route path="/forgot-password" element={<ForgotPasswordPage />} />
              <Route path="/reset-password" element={<ResetPasswordPage />} />
              {/* An imported holder's claim link (the import page itself is under /admin, AdminRoutes.tsx). */}
              <Route path="/claim" element={<ClaimPage />} />
              <Route
                path="/account"
                element={
                  <RequireSignIn>
                    <AccountPage />
                  </RequireSignIn>
                }
              />
              {/* The API decides who may read the mailbox (everyone in demo mode); the page shows its answer. */}
              <Route path="/dev/mailbox" element={<MailboxPage />} />
              <Route path="/dev/mailbox/:id" element={<MailMessagePage />} />
              <Route
                path="/portfolio"
                element={
                  <RequireRole roles={['member']}>
                    <PortfolioPage />
                  </RequireRole>
                }
              />
              <Route
                path="/cpd"
                element={
                  <RequireRole roles={['member']}>
                    <CpdPage />
                  </RequireRole>
                }
              />
              {/* Provider users import for their providers; the API decides who may. */}
              <Route
                path="/cpd/imports"
                element={
                  <RequireSignIn>
                    <CpdImportPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="/cpd/providers"
                element={
                  <RequireRole roles={['scheme_admin']}>
                    <CpdProvidersPage />
                  </RequireRole>
                }
              />
              <Route
                path="/cpd/audits"
                element={
                  <RequireRole roles={['member']}>
                    <MyAuditsPage />
                  </RequireRole>
                }
              />
              <Route
                path="/cpd/audits/review"
                element={
                  <RequireRole roles={['assessor', 'scheme_admin']}>
                    <AuditReviewListPage />
                  </RequireRole>
                }
              />
              <Route
                path="/cpd/audits/draw"
                element={
                  <RequireRole roles={['scheme_admin']}>
                    <AuditDrawPage />
                  </RequireRole>
                }
              />
              <Route
                path="/cpd/audits/:id"
                element={
                  <RequireSignIn>
                    <CpdAuditPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="/scheme"
                element={
                  <RequireRole roles={['scheme_admin']}>
                    <SchemePage />
                  </RequireRole>
                }
              />
              <Route
                path="/applications"
                element={
                  <RequireRole roles={['member']}>
                    <MyApplicationsPage />
                  </RequireRole>
                }
              />
              <Route
                path="/applications/new"
                element={
                  <RequireRole roles={['member']}>
                    <ApplyPage />
                  </RequireRole>
                }
              />
              {/* Members who are nominees or applicants; the API decides who may read each application. */}
              <Route
                path="/applications/:id"
                element={
                  <RequireSignIn>
                    <ApplicationPage />
                  </RequireSignIn>
                }
              />
              <Route
                path="/credentials"
                element={
                  <RequireRole roles={['member']}>
                    <CredentialsPage />
                  </RequireRole>
                }
              />
              {/* One credential's public page (anyone); /credentials alone is the member's own list. */}
              <Route path="/credentials/:credentialId" element={<CredentialPublicPage />} />
              <Route
                path="/assess"
                element={
                  <RequireRole roles={['assessor', 'scheme_admin']}>
                    <QueuePage />
                  </RequireRole>
                }
              />
              <Route
                path="/assess/:id"
                element={
                  <RequireRole roles={['assessor', 'scheme_admin']}>
                    <WorkbenchPage />
                  </RequireRole>
                }
              />
              {/* Referees have no account: the link's token is the key. */}
              <Route path="/references/:token" element={<ReferencePage />} />
              {/* The organisations feature routes its own pages (features/organisations/OrganisationRoutes.tsx). */}
              <Route path="/orgs/:slug" element={<OrganisationRoutes />} />
              <Route path="/organisations/*" element={<OrganisationRoutes />} />
              <Route path="/admin/organisations" element={<OrganisationRoutes />} />
              <Route path="/admin/*" element={<AdminRoutes />} />
              <Route path="/account/*" element={<OrganisationRoutes />} />
              <Route path="/admin/contact-reports" element={<OrganisationRoutes />} />
              <Route path="/messages/report" element={<OrganisationRoutes />} />
              {/* The events feature routes its own pages (features/events/EventRoutes.tsx). */}
              <Route path="/events/*" element={<EventRoutes />} />
              <Route path="*" element={<NotFoundPage />} />
            </Routes>
          </Suspense>
        </Layout>
      </SessionProvider>
    </ServerDataProvider>
  );
}
