import { Suspense, lazy, useCallback, useEffect, useState } from 'react';
import type { Scheme } from '../../../../contracts/scheme.js';
import { ApiError, portfolio, schemes } from '../../api.js';
import { Status } from '../../components/forms.js';
import { Page } from '../../components/Page.js';
import { Dialog } from '../../components/controls.js';
import { EligibilityPanel } from './EligibilityPanel.js';
import { type ItemAction, ItemSection } from './ItemSection.js';
import { type ItemKind, describe, kindNames } from '../../components/portfolio-items.js';
import type { EligibilityResult, PortfolioItem, PortfolioView } from './types.js';
import { WhatIf } from './WhatIf.js';

// The dialogs load when first opened: most visits read the portfolio and its eligibility without editing.
const ItemDialog = lazy(() => import('./ItemDialog.js').then((m) => ({ default: m.ItemDialog })));
const EvidenceDialog = lazy(() => import('./EvidenceDialog.js').then((m) => ({ default: m.EvidenceDialog })));

const kinds: ItemKind[] = ['education', 'certification', 'work', 'contribution'];
const message = (err: unknown) => (err instanceof ApiError ? err.message : 'Something went wrong. Try again.');

type Open = ItemAction | { type: 'hypothetical'; kind: ItemKind } | null;

/**
 * The member's portfolio editor with the eligibility panel beside it. Every save reloads the portfolio and the
 * evaluation; in "what if" mode unsaved hypothetical items are evaluated too, and leaving the mode drops them.
 */
export function PortfolioPage() {
  const [view, setView] = useState<PortfolioView | null>(null);
  const [scheme, setScheme] = useState<Scheme | null>(null);
  const [result, setResult] = useState<EligibilityResult | null>(null);
  // The last evaluation of the saved portfolio alone, to compare "what if" answers with.
  const [baseline, setBaseline] = useState<EligibilityResult | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [panelError, setPanelError] = useState<string | null>(null);
  const [panelBusy, setPanelBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const [whatIf, setWhatIf] = useState(false);
  const [hypothetical, setHypothetical] = useState<PortfolioItem[]>([]);

  const evaluate = useCallback(async (mode: boolean, extra: PortfolioItem[]) => {
    setPanelBusy(true);
    try {
      const r = mode ? await portfolio.whatIf(extra) : await portfolio.eligibility();
      setResult(r);
      if (!mode) setBaseline(r);
      setPanelError(null);
    } catch (err) {
      setPanelError(`Your eligibility could not be worked out: ${message(err)}`);
    } finally {
      setPanelBusy(false);
    }
  }, []);

  const reload = useCallback(async () => {
    setView(await portfolio.get());
  }, []);

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const [v, r] = await Promise.all([portfolio.get(), portfolio.eligibility()]);
        const s = await schemes.get(r.schemeVersion.schemeId, r.schemeVersion.id);
        if (!live) return;
        setView(v);
        setResult(r);
        setBaseline(r);
        setScheme(s.content as unknown as Scheme);
      } catch (err) {
        if (live) setLoadError(message(err));
      }
    })();
    return () => {
      live = false;
    };
  }, []);

  // Re-evaluates whenever the mode or the hypothetical items change (saves re-evaluate in saved()).
  // biome-ignore lint/correctness/useExhaustiveDependencies: loading the portfolio must not trigger a second evaluation
  useEffect(() => {
    if (view) void evaluate(whatIf, hypothetical);
  }, [whatIf, hypothetical, evaluate]);

  async function saved(text: string) {
    setOpen(null);
    setStatus(text);
    await reload();
    if (whatIf) setBaseline(await portfolio.eligibility().catch(() => baseline));
    await evaluate(whatIf, hypothetical);
  }

  async function saveItem(item: PortfolioItem, existing: PortfolioItem | null) {
    const { id: _id, ...body } = item;
    if (existing) await portfolio.updateItem(existing.id, body as PortfolioItem);
    else await portfolio.addItem(body as PortfolioItem);
    await saved(existing ? `Saved “${describe(item).title}”.` : `Added “${describe(item).title}” to your portfolio.`);
  }

  async function remove(item: PortfolioItem) {
    try {
      await portfolio.deleteItem(item.id);
      await saved(`Deleted “${describe(item).title}”.`);
      // The Delete button that opened the dialog is gone with the item; carry on from its section.
      document.getElementById(`section-${item.kind}`)?.focus();
    } catch (err) {
      setOpen(null);
      setStatus(`“${describe(item).title}” was not deleted: ${message(err)}`);
    }
  }

  function toggleWhatIf(on: boolean) {
    setWhatIf(on);
    setHypothetical([]);
    setStatus(on ? '“What if” is on: items you add there are not saved.' : '“What if” is off: hypothetical items were discarded.');
  }

  if (loadError) {
    return (
      <Page title="Your portfolio">
        <p className="banner banner-error" role="alert">
          Your portfolio could not be loaded: {loadError}
        </p>
      </Page>
    );
  }

  return (
    <Page title="Your portfolio" lead="Keep your qualifications, work and contributions here once. The panel shows which level they reach and what is still missing.">
      <Status message={status} className="status-success" />
      {!view || !scheme ? (
        <p className="loading">Loading your portfolio…</p>
      ) : (
        <div className="portfolio-layout">
          {/* On a phone the panel sits below the editor; this keeps the answer one tap away. */}
          <p className="jump-eligibility">
            <a href="#eligibility-title">
              See your eligibility{result?.evaluation.reached ? ` (now ${result.evaluation.reached.name})` : ''}
            </a>
          </p>
          <div className="portfolio-editor">
            <WhatIf
              on={whatIf}
              items={hypothetical}
              onToggle={toggleWhatIf}
              onAdd={(kind) => setOpen({ type: 'hypothetical', kind })}
              onRemove={(i) => setHypothetical((h) => h.filter((_, n) => n !== i))}
            />
            {kinds.map((k) => (
              <ItemSection key={k} kind={k} view={view} flags={result?.evaluation.flags ?? []} onAction={setOpen} />
            ))}
          </div>
          <div className="portfolio-panel">
            <EligibilityPanel result={result?.evaluation ?? null} baseline={baseline?.evaluation ?? null} whatIf={whatIf && hypothetical.length > 0} busy={panelBusy} error={panelError} />
          </div>
        </div>
      )}

      <Suspense fallback={null}>
      {scheme && open?.type === 'add' ? <ItemDialog kind={open.kind} item={null} scheme={scheme} onSave={(i) => saveItem(i, null)} onClose={() => setOpen(null)} /> : null}
      {scheme && open?.type === 'edit' ? <ItemDialog kind={open.item.kind} item={open.item} scheme={scheme} onSave={(i) => saveItem(i, open.item)} onClose={() => setOpen(null)} /> : null}
      {scheme && open?.type === 'hypothetical' ? (
        <ItemDialog
          kind={open.kind}
          item={null}
          scheme={scheme}
          hypothetical
          onSave={async (i) => {
            const item = { ...i, id: `what-if-${Date.now()}` };
            // Ask first, so checks only the server makes (dates in the future, the catalogue) show in the dialog.
            await portfolio.whatIf([...hypothetical, item]);
            setHypothetical((h) => [...h, item]);
            setOpen(null);
            setStatus(`Added a hypothetical ${kindNames[open.kind].one}; it is not saved.`);
          }}
          onClose={() => setOpen(null)}
        />
      ) : null}
      {open?.type === 'evidence' ? (
        <EvidenceDialog
          itemId={open.item.id}
          itemTitle={describe(open.item).title}
          others={(view?.items ?? []).filter((i) => i.id !== open.item.id).map((i) => ({ id: i.id, title: describe(i).title }))}
          onClose={() => setOpen(null)} onDone={(e) => void saved(`Added the evidence “${e.title}”.`)} />
      ) : null}
      </Suspense>
      {open?.type === 'delete' ? <ConfirmDelete item={open.item} onConfirm={() => remove(open.item)} onClose={() => setOpen(null)} /> : null}
    </Page>
  );
}

function ConfirmDelete({ item, onConfirm, onClose }: { item: PortfolioItem; onConfirm: () => Promise<void>; onClose: () => void }) {
  const [busy, setBusy] = useState(false);
  const title = describe(item).title;
  return (
    <Dialog title={`Delete “${title}”?`} onClose={onClose}>
      <p>The item and its links to evidence are removed from your portfolio.</p>
      <div className="button-row">
        <button
          type="button"
          className="button button-danger"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            await onConfirm();
          }}
        >
          {busy ? 'Deleting…' : 'Delete'}
        </button>
        <button type="button" className="button button-secondary" onClick={onClose}>
          Keep it
        </button>
      </div>
    </Dialog>
  );
}
