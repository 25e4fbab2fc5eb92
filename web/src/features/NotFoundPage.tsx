import { Link, useLocation } from 'react-router';
import { Page } from '../components/Page.js';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <Page title="Page not found" narrow>
      <p>
        There is no page at <code>{pathname}</code>. If you typed the address, check it; if you followed a link, it may be out of date.
      </p>
      <p>
        <Link to="/">Go to the home page</Link>
      </p>
    </Page>
  );
}
