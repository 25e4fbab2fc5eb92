/** A credential of another issuer that demo mode offers to paste (server/demo/foreign-samples.ts). */
export type Sample = { id: string; title: string; description: string; text: string };

/**
 * Demo mode: other issuers' credentials a visitor can paste, each saying what /verify will find. The server
 * puts them in the page it renders; a visit that came through the app's own navigation has none, so a
 * demo site then offers to load the page afresh.
 */
export function Samples({ samples, onPaste }: { samples: Sample[] | null; onPaste: (text: string) => void }) {
  return (
    <section className="samples" aria-labelledby="samples-title">
      <h2 id="samples-title">Samples from other issuers (demo)</h2>
      {samples ? (
        <>
          <p>Nothing to check? This demo site signed these as other issuers sign theirs, with keys it made for the purpose. Paste one and verify it.</p>
          <ul className="samples-list">
            {samples.map((s) => (
              <li key={s.id} className="sample">
                <h3 className="sample-title">{s.title}</h3>
                <p className="sample-description">{s.description}</p>
                <button type="button" className="button button-secondary" onClick={() => onPaste(s.text)}>
                  Paste this sample<span className="visually-hidden">: {s.title}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>
          Nothing to check? <a href="/verify">Load this page with samples of other issuers’ credentials</a> to paste.
        </p>
      )}
    </section>
  );
}
