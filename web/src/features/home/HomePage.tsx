import { Link, useLocation } from 'react-router';
import type { CurrentUser } from '../../api.js';
import { Page } from '../../components/Page.js';
import { Status } from '../../components/forms.js';
import { Loading } from '../../components/guards.js';
import { hasRole, useSession } from '../../components/session.js';

type Tile = { to: string; title: string; text: string };

/** What a signed-in user can do here, by role. */
function tilesFor(user: CurrentUser, mailbox: boolean): Tile[] {
  const tiles: Tile[] = [];
  if (hasRole(user, 'member')) {
    tiles.push({ to: '/portfolio', title: 'Portfolio', text: 'Your training, certifications, experience and contribution, and the levels they reach.' });
    tiles.push({ to: '/applications', title: 'Applications', text: 'Apply for a level from what is on file, and follow each application.' });
    tiles.push({ to: '/credentials', title: 'Credentials', text: 'The levels you hold, as verifiable credentials, certificates and links to share.' });
    tiles.push({ to: '/cpd', title: 'CPD', text: 'One log of professional development, counted against every credential you keep.' });
  }
  if (hasRole(user, 'assessor', 'scheme_admin')) tiles.push({ to: '/assess', title: 'Assess', text: 'Your queue of applications, with ages and due dates.' });
  if (hasRole(user, 'scheme_admin')) tiles.push({ to: '/scheme', title: 'Scheme', text: 'The scheme in force, new versions and their impact.' });
  if (hasRole(user, 'event_organiser', 'scheme_admin')) tiles.push({ to: '/cpd/imports', title: 'CPD imports', text: 'Credit attendance to members from a file, with a report per row.' });
  tiles.push({ to: '/events', title: 'Events', text: 'The conference and the year’s events: programme, registration, your tickets, talks and attendance.' });
  if (hasRole(user, 'event_organiser', 'system_admin')) tiles.push({ to: '/events/manage', title: 'Organise events', text: 'Programme, call for talks, exhibitors, registrations, check-in and closing.' });
  tiles.push({ to: '/register', title: 'Public register', text: 'Find a credential holder, or check a credential by its id.' });
  tiles.push({ to: '/account', title: 'Your account', text: 'Profile, password, register listing and API tokens for integrations.' });
  if (hasRole(user, 'system_admin')) {
    tiles.push({ to: '/admin/users', title: 'Users and roles', text: 'Find people, grant roles, disable accounts.' });
    tiles.push({ to: '/admin/audit', title: 'Audit log', text: 'Every security event, newest first.' });
  }
  if (mailbox) tiles.push({ to: '/dev/mailbox', title: 'Development mailbox', text: 'Mail this site would have sent, with its links.' });
  return tiles;
}

export function HomePage() {
  const { user, mailbox } = useSession();
  const flash = (useLocation().state as { flash?: string } | null)?.flash ?? null;
  if (user === undefined) {
    return (
      <Page title="Guildhall">
        <Loading />
      </Page>
    );
  }
  if (user) {
    return (
      <Page title="Home" heading={`Welcome, ${user.name}`} lead="Your recognition, credentials and professional development, kept in one place.">
        <Status message={flash} className="status-success" />
        {!user.emailVerified ? <p className="banner banner-warning">Your e-mail address is not confirmed yet. Open the link we sent you.</p> : null}
        <ul className="tiles">
          {tilesFor(user, mailbox).map((t) => (
            <li key={t.to} className="tile">
              <Link to={t.to}>{t.title}</Link>
              <p>{t.text}</p>
            </li>
          ))}
        </ul>
      </Page>
    );
  }
  return (
    <Page title="Professional recognition, end to end" lead="Guildhall runs this professional body’s recognition scheme: show your experience as a whole, earn a credential that employers can verify in seconds, and keep it alive through continual professional development.">
      <Status message={flash} className="status-success" />
      <div className="button-row">
        <Link to="/sign-up" className="button">
          Create an account
        </Link>
        <Link to="/sign-in" className="button button-secondary">
          Sign in
        </Link>
      </div>
      <section aria-labelledby="who-title" className="section">
        <h2 id="who-title">Who it is for</h2>
        <ul className="tiles">
          <li className="tile">
            <h3>Practitioners</h3>
            <p>Keep one portfolio of training, certifications, experience and contribution. See what you are eligible for and apply without spreadsheets.</p>
          </li>
          <li className="tile">
            <h3>Employers</h3>
            <p>Verify a credential with a link or a file, and understand what it means — every verification explains itself.</p>
          </li>
          <li className="tile">
            <h3>Assessors and administrators</h3>
            <p>Work a clear queue, score against a rubric, and run audits that say exactly which evidence is missing.</p>
          </li>
        </ul>
      </section>
      {mailbox ? (
        <p className="banner banner-info">
          This site is running with demo data. Outgoing mail is kept in the <Link to="/dev/mailbox">development mailbox</Link> so you can follow confirmation links.
        </p>
      ) : null}
    </Page>
  );
}
