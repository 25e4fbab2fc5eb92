import { BrowserRouter, Route, Routes } from 'react-router';
import { Layout } from './components/Layout.js';
import { RequireRole, RequireSignIn } from './components/guards.js';
import { SessionProvider } from './components/session.js';
import { NotFoundPage } from './features/NotFoundPage.js';
import { AccountPage } from './features/account/AccountPage.js';
import { ForgotPasswordPage, ResetPasswordPage } from './features/accounts/PasswordResetPages.js';
import { SignInPage } from './features/accounts/SignInPage.js';
import { SignUpPage } from './features/accounts/SignUpPage.js';
import { VerifyEmailPage } from './features/accounts/VerifyEmailPage.js';
import { AuditPage } from './features/admin/AuditPage.js';
import { MailPage } from './features/admin/MailPage.js';
import { UsersPage } from './features/admin/UsersPage.js';
import { HomePage } from './features/home/HomePage.js';
import { MailMessagePage } from './features/mailbox/MailMessagePage.js';
import { MailboxPage } from './features/mailbox/MailboxPage.js';
import { ApplicationPage } from './features/applications/ApplicationPage.js';
import { ApplyPage } from './features/applications/ApplyPage.js';
import { MyApplicationsPage } from './features/applications/MyApplicationsPage.js';
import { QueuePage } from './features/assess/QueuePage.js';
import { WorkbenchPage } from './features/assess/WorkbenchPage.js';
import { CredentialsPage } from './features/credentials/CredentialsPage.js';
import { CredentialPublicPage } from './features/credential-public/CredentialPublicPage.js';
import { ReferencePage } from './features/references/ReferencePage.js';
import { PortfolioPage } from './features/portfolio/PortfolioPage.js';
import { CpdPage } from './features/cpd/CpdPage.js';
import { AuditPage as CpdAuditPage } from './features/cpd-standards/AuditPage.js';
import { AuditReviewListPage, MyAuditsPage } from './features/cpd-standards/AuditsPage.js';
import { ImportPage as CpdImportPage } from './features/cpd-standards/ImportPage.js';
import { ProvidersPage as CpdProvidersPage } from './features/cpd-standards/ProvidersPage.js';
import { RegisterListingPage } from './features/register/RegisterListingPage.js';
import { RegisterPage } from './features/register/RegisterPage.js';
import { SchemePage } from './features/schemes/SchemePage.js';
import { VerifyPage } from './features/verify/VerifyPage.js';

/** Every page of the app and who may see it; the API enforces the same rules on the data. */
export function App() {
  return (
    <BrowserRouter>
      <SessionProvider>
        <Layout>
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
            <Route path="/sign-up" element={<SignUpPage />} />
            <Route path="/sign-in" element={<SignInPage />} />
            <Route path="/verify-email" element={<VerifyEmailPage />} />
            <Route path="/forgot-password" element={<ForgotPasswordPage />} />
            <Route path="/reset-password" element={<ResetPasswordPage />} />
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
              path="/admin/users"
              element={
                <RequireRole roles={['system_admin']}>
                  <UsersPage />
                </RequireRole>
              }
            />
            <Route
              path="/admin/audit"
              element={
                <RequireRole roles={['system_admin']}>
                  <AuditPage />
                </RequireRole>
              }
            />
            <Route
              path="/admin/mail"
              element={
                <RequireRole roles={['system_admin']}>
                  <MailPage />
                </RequireRole>
              }
            />
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
            <Route path="*" element={<NotFoundPage />} />
          </Routes>
        </Layout>
      </SessionProvider>
    </BrowserRouter>
  );
}
