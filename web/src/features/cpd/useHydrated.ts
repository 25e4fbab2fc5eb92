import { useSyncExternalStore } from 'react';

const unchanging = () => () => {};

/**
 * False while the server renders and while the browser hydrates that HTML, true from the next render on
 * (and at once in a page the browser renders itself). Output that depends on the browser (its clock, its
 * time zone, the address's dialog links) waits for it, so the first render matches the server's HTML.
 */
export const useHydrated = (): boolean => useSyncExternalStore(unchanging, () => true, () => false);
