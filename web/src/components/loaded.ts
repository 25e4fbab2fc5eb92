import { useCallback, useEffect, useState } from 'react';
import { messageOf } from './actions.js';

/**
 * A page's data loaded on mount and again after each change: `changed(message)` shows what was done,
 * clears the last error and reloads. `fetch` is memoised by the caller (useCallback), so a new one means new
 * data to load.
 */
export function useLoaded<T>(fetch: () => Promise<T>) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setData(await fetch());
    } catch (err) {
      setError(messageOf(err));
    }
  }, [fetch]);
  useEffect(() => {
    void load();
  }, [load]);
  const changed = async (message: string) => {
    setDone(message);
    setError(null);
    await load();
  };
  return { data, error, setError, done, changed };
}
