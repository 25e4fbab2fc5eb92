import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../../../components/actions.js';
import { Page } from '../../../components/Page.js';
import { SelectField } from '../../../components/controls.js';
import { Field } from '../../../components/forms.js';
import { ManageNav } from '../ManageNav.js';
import { QrScanner } from '../QrScanner.js';
import { useEventParams } from '../params.js';
import { type CheckInAnswer, type CheckInKit, type CheckInStatus, checkinApi } from './api.js';
import { judgeOffline } from './offline.js';
import { enqueue, makeDue, queued, settle } from './queue.js';
import { RecentScans } from './RecentScans.js';
import { flushQueue, newNonce, retryable, scanOf } from './scanner.js';
import './checkin.css';

/*
 * The door and session check-in page, for a phone. Each scan goes into the browser's queue with its nonce
 * before it is sent; an answer from the server settles it. Without the network the scan is judged here
 * (signature, roster, days) and settled when the network returns.
 */

type Shown = { tone: 'ok' | 'refused' | 'pending'; verdict: string; message: string };

const store = {
  get: (k: string) => {
    try {
      return localStorage.getItem(k) ?? '';
    } catch {
      return '';
    }
  },
  set: (k: string, v: string) => {
    try {
      localStorage.setItem(k, v);
    } catch {
      // Private browsing without storage: the page still works, it forgets on reload.
    }
  },
};

const REPEAT_MS = 4000;

const shownOf = (a: CheckInAnswer): Shown => (a.outcome === 'accepted' ? { tone: 'ok', verdict: 'Accepted', message: a.message } : { tone: 'refused', verdict: 'Refused', message: a.message });

export function CheckInPage() {
  const eventId = useEventParams().eventId ?? '';
  const kitKey = `guildhall.checkin.kit.${eventId}`;
  const [kit, setKit] = useState<CheckInKit | null>(null);
  const [loadProblem, setLoadProblem] = useState('');
  const [listId, setListId] = useState(() => store.get(`guildhall.checkin.list.${eventId}`));
  const [scanner, setScanner] = useState(() => store.get('guildhall.checkin.scanner') || 'scanner 1');
  const [typed, setTyped] = useState('');
  const [shown, setShown] = useState<Shown | null>(null);
  const [waiting, setWaiting] = useState(() => queued(eventId).length);
  const [settledNote, setSettledNote] = useState('');
  const [status, setStatus] = useState<CheckInStatus | null>(null);
  const last = useRef<{ text: string; at: number } | null>(null);
  const mine = useRef(new Set<string>());

  const loadKit = useCallback(async () => {
    try {
      const k = await checkinApi.kit(eventId);
      setKit(k);
      setLoadProblem('');
      // Fetched now, while the network is here: a scan made offline checks its signature with it.
      void import('@noble/ed25519').catch(() => undefined);
      store.set(kitKey, JSON.stringify(k));
    } catch (err) {
      // Offline: the kit kept from the last visit still tells real codes and names people.
      const kept = store.get(kitKey);
      if (kept) setKit(JSON.parse(kept) as CheckInKit);
      else setLoadProblem(messageOf(err));
    }
  }, [eventId, kitKey]);

  useEffect(() => {
    void loadKit();
  }, [loadKit]);

  const list = kit?.lists.find((l) => l.id === listId) ?? kit?.lists[0];

  const refreshStatus = useCallback(async () => {
    if (!list || !navigator.onLine) return;
    try {
      const s = await checkinApi.status(eventId, list.id);
      setStatus(s);
      if (kit && s.revision !== kit.revision) void loadKit();
    } catch {
      // The next poll tries again.
    }
  }, [eventId, list, kit, loadKit]);

  const flush = useCallback(async () => {
    if (!navigator.onLine) return;
    await flushQueue(
      eventId,
      (a) => {
        if (a.outcome === 'accepted' && a.registrationId) mine.current.add(`${a.listId} ${a.registrationId}`);
        setSettledNote(`Settled: ${a.name ?? 'a scan'} — ${a.outcome === 'accepted' ? 'accepted' : `refused: ${a.message}`}`);
      },
      (message) => setSettledNote(`A waiting scan could not be settled: ${message}`),
    );
    setWaiting(queued(eventId).length);
    void refreshStatus();
  }, [eventId, refreshStatus]);

  useEffect(() => {
    const online = () => {
      makeDue();
      void flush();
    };
    window.addEventListener('online', online);
    const retry = setInterval(() => void flush(), 2000);
    const poll = setInterval(() => void refreshStatus(), 5000);
    void refreshStatus();
    return () => {
      window.removeEventListener('online', online);
      clearInterval(retry);
      clearInterval(poll);
    };
  }, [flush, refreshStatus]);

  const submit = async (text: string) => {
    const t = text.trim();
    if (!t || !kit || !list) return;
    // One badge held a moment too long, or a double tap: one scan (per list: the same person may go on to a session).
    const now = Date.now();
    const key = `${list.id} ${t}`;
    if (last.current && last.current.text === key && now - last.current.at < REPEAT_MS) return;
    last.current = { text: key, at: now };
    const offline = !navigator.onLine;
    const body = { listId: list.id, ...scanOf(t), nonce: newNonce(), scanner: scanner.trim() || 'scanner', scannedAt: new Date().toISOString(), offline };
    enqueue({ eventId, body, shown: '' }, offline ? 0 : now + 10_000);
    setWaiting(queued(eventId).length);
    const judgeHere = async () => {
      const v = await judgeOffline(kit, list.id, body, (r) => mine.current.has(`${list.id} ${r}`));
      if (v.ok && v.registrationId) mine.current.add(`${list.id} ${v.registrationId}`);
      enqueue({ eventId, body: { ...body, offline: true }, shown: v.message });
      setWaiting(queued(eventId).length);
      setShown({ tone: v.ok ? 'pending' : 'refused', verdict: v.ok ? 'Accepted offline — will settle' : 'Refused (offline)', message: v.message });
    };
    if (offline) return judgeHere();
    try {
      const answer = await checkinApi.scan(eventId, body);
      settle(body.nonce);
      setWaiting(queued(eventId).length);
      if (answer.outcome === 'accepted' && answer.registrationId) mine.current.add(`${list.id} ${answer.registrationId}`);
      setShown(shownOf(answer));
      void refreshStatus();
    } catch (err) {
      if (retryable(err)) return judgeHere();
      settle(body.nonce);
      setWaiting(queued(eventId).length);
      setShown({ tone: 'refused', verdict: 'Not sent', message: messageOf(err) });
    }
  };

  const onTyped = (e: FormEvent) => {
    e.preventDefault();
    const t = typed;
    setTyped('');
    void submit(t);
  };

  if (!kit) {
    return (
      <Page title="Check-in">
        <p role="status">{loadProblem || 'Loading the check-in lists…'}</p>
      </Page>
    );
  }
  const inside = (id: string) => status?.inside.find((x) => x.listId === id)?.count ?? 0;
  return (
    <Page title={`Check-in: ${kit.title}`} heading="Check-in">
      {kit.organiser ? <ManageNav eventId={eventId} title={kit.title} /> : <p>{kit.title}</p>}
      <SelectField
        id="checkin-list"
        label="List"
        value={list?.id ?? ''}
        onChange={(v) => {
          setListId(v);
          store.set(`guildhall.checkin.list.${eventId}`, v);
        }}
      >
        {kit.lists.map((l) => (
          <option key={l.id} value={l.id}>
            {l.name}
          </option>
        ))}
      </SelectField>
      <Field
        id="checkin-scanner"
        label="Scanner name"
        hint='Shown in answers such as "checked in at 09:14 by scanner 3".'
        value={scanner}
        maxLength={40}
        onChange={(e) => {
          setScanner(e.target.value);
          store.set('guildhall.checkin.scanner', e.target.value);
        }}
      />
      <p className="checkin-inside" role="status">
        Inside now: {inside(list?.id ?? '')}
      </p>
      <QrScanner onCode={(text) => void submit(text)} />
      <form className="checkin-typed" onSubmit={onTyped} noValidate>
        <Field id="checkin-typed" label="Code or reference" hint="The reference is on the badge, e.g. K7QD-3WXA." value={typed} autoComplete="off" autoCapitalize="characters" onChange={(e) => setTyped(e.target.value)} />
        <button type="submit" className="button">
          Check in
        </button>
      </form>
      <div role="status" aria-live="polite" className={shown ? `checkin-answer checkin-${shown.tone}` : 'checkin-answer'}>
        {shown ? (
          <>
            <p className="checkin-verdict">{shown.verdict}</p>
            <p className="checkin-message">{shown.message}</p>
          </>
        ) : null}
      </div>
      <p role="status" className="checkin-waiting">
        {waiting === 0 ? 'Every scan is sent.' : `${waiting} ${waiting === 1 ? 'scan is' : 'scans are'} waiting to be sent.`} {settledNote}
      </p>
      <h2>Inside now, by list</h2>
      <ul className="checkin-counts">
        {kit.lists.map((l) => (
          <li key={l.id}>
            {l.name}: {inside(l.id)}
          </li>
        ))}
      </ul>
      <h2>Latest scans</h2>
      {status ? <RecentScans kit={kit} status={status} onChanged={() => void refreshStatus()} /> : <p>Not loaded yet.</p>}
    </Page>
  );
}
