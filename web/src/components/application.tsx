import { useEffect, useRef, useState } from 'react';
import { type ApplicationStateName, stateLabels } from '../../../contracts/application-states.js';
import { type ApplicationView, applications } from '../api.js';
import { messageOf } from './actions.js';

/* An application as its applicant and its assessors both see it: its state, its fee, and loading it. */

const stateTone: Partial<Record<ApplicationStateName, string>> = {
  awarded: 'tag-ok',
  declined: 'tag-failed',
  withdrawn: 'tag-failed',
  information_requested: 'tag-warn',
  awaiting_fee: 'tag-warn',
};

/** An application's state in words (the colour only repeats what the words say). */
export function StateTag({ state }: { state: ApplicationStateName }) {
  return <span className={`tag ${stateTone[state] ?? 'tag-pending'}`}>{stateLabels[state]}</span>;
}

/** A money amount as people read it: "£120.00". */
export function formatFee(fee: { amount: number; currency: string }): string {
  try {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency: fee.currency }).format(fee.amount);
  } catch {
    return `${fee.amount} ${fee.currency}`;
  }
}

/**
 * Loads the application `id` (again when it changes); the page replaces it with each write's answer.
 * `served` is the view the server rendered the page with (decision 0019): it is not fetched again, until
 * the page moves to another id.
 */
export function useApplication(id: string, served?: ApplicationView) {
  const [app, setApp] = useState<ApplicationView | null>(served ?? null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const given = useRef(served ? id : null);
  useEffect(() => {
    if (given.current === id) return;
    given.current = null;
    let live = true;
    applications
      .get(id)
      .then((a) => live && setApp(a))
      .catch((err) => live && setLoadError(messageOf(err)));
    return () => {
      live = false;
    };
  }, [id]);
  return [app, setApp, loadError] as const;
}
