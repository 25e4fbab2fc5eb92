import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { messageOf } from '../../../components/actions.js';
import { Page } from '../../../components/Page.js';
import { useServerValue } from '../../../ssr/data.js';
import { useEventParams } from '../params.js';
import { type PublicExhibitorList, exhibitorsApi, kindNames, tierNames } from './api.js';
import './exhibitors.css';

/** What the server rendered the page with (server/modules/events/exhibitors/pages.ts). */
type Served = { list: PublicExhibitorList } | { error: string };

/** Anyone: an event's sponsors and exhibitors by tier, with logos, stands and links; rendered on the server. */
export function PublicExhibitorsPage() {
  const { slug = '' } = useEventParams();
  const served = useServerValue<Served>(`exhibitors:${slug}`);
  const [data, setData] = useState<PublicExhibitorList | null>(served && 'list' in served ? served.list : null);
  const [error, setError] = useState<string | null>(served && 'error' in served ? served.error : null);
  useEffect(() => {
    if (served) return;
    exhibitorsApi.publicList(slug).then(setData, (err) => setError(messageOf(err)));
  }, [slug, served]);
  const title = data ? `Sponsors and exhibitors: ${data.event.title}` : 'Sponsors and exhibitors';
  return (
    <Page title={title}>
      {error ? (
        <p className="banner banner-error" role="alert">
          {error}
        </p>
      ) : null}
      {!data && !error ? <p className="loading">Loading…</p> : null}
      {data ? (
        <>
          <p>
            <Link to={`/events/${encodeURIComponent(data.event.slug)}`}>Back to the programme of {data.event.title}</Link>
          </p>
          {data.tiers.length === 0 ? <p className="empty">No sponsors or exhibitors yet.</p> : null}
          {data.tiers.map((t) => (
            <section key={t.tier} aria-labelledby={`tier-${t.tier}`} className={`exhibitor-tier exhibitor-tier-${t.tier}`}>
              <h2 id={`tier-${t.tier}`}>{tierNames[t.tier]}</h2>
              <ul className="exhibitor-grid">
                {t.exhibitors.map((e) => (
                  <li key={e.id} className="exhibitor-card">
                    {e.logoUrl ? <img className="exhibitor-logo" src={e.logoUrl} alt="" width={96} height={96} loading="lazy" /> : null}
                    <h3>{e.name}</h3>
                    <p className="item-detail">
                      {kindNames[e.kind]}
                      {e.stand ? ` · stand ${e.stand}` : ''}
                    </p>
                    {e.description ? <p className="exhibitor-description">{e.description}</p> : null}
                    {e.website ? (
                      <p>
                        <a href={e.website} rel="noopener noreferrer">
                          {e.website.replace(/^https:\/\//, '')}
                          <span className="visually-hidden"> ({e.name} website)</span>
                        </a>
                      </p>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </>
      ) : null}
    </Page>
  );
}
