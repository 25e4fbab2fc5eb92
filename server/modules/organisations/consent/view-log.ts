import type { Db } from '../../../db/database.js';
import { logViews, type ViewEntry } from './consent.repository.js';

/**
 * Group commit for the view log. Each view waits until its rows are committed before the answer goes
 * out (nothing is shown unlogged), but the views that arrive while a commit is being prepared share one
 * transaction: under load a commit carries many views, so the log costs a fraction of a commit each.
 */
export function viewLog(db: Db) {
  let pending: Array<{ entry: ViewEntry; done: () => void; failed: (err: unknown) => void }> = [];
  let scheduled = false;

  async function flush() {
    scheduled = false;
    const batch = pending;
    pending = [];
    try {
      await db.transaction().execute((tx) => logViews(tx, batch.map((b) => b.entry)));
      for (const b of batch) b.done();
    } catch (err) {
      for (const b of batch) b.failed(err);
    }
  }

  return {
    /** Resolves once the view is committed to the log; rejects (and the view is refused) if it could not be. */
    record(entry: ViewEntry): Promise<void> {
      if (entry.members.length === 0) return Promise.resolve();
      return new Promise<void>((done, failed) => {
        pending.push({ entry, done, failed });
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}
