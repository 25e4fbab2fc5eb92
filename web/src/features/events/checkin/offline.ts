import { base64urlBytes, parseCheckInCode } from '../../../../../contracts/checkin-code.js';
import type { CheckInKit } from './api.js';

/*
 * A scan judged in the browser when the server cannot be reached: the code's signature against the event's
 * public key, the roster's name, status and days. The server settles it later and has the last word.
 */

export type LocalVerdict = { ok: boolean; message: string; registrationId: string | null };

async function signatureHolds(signed: string, signature: string, publicKey: string): Promise<boolean> {
  const sig = base64urlBytes(signature);
  const key = base64urlBytes(publicKey);
  if (!sig || !key) return false;
  try {
    // Loaded with the first offline scan: most scans never need it.
    const { verifyAsync } = await import('@noble/ed25519');
    return await verifyAsync(sig, new TextEncoder().encode(signed), key);
  } catch {
    return false;
  }
}

const dayText = (day: string) => new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });

export async function judgeOffline(kit: CheckInKit, listId: string, typed: { code?: string; reference?: string }, alreadyIn: (registrationId: string) => boolean): Promise<LocalVerdict> {
  let entry: CheckInKit['roster'][number] | undefined;
  if (typed.code !== undefined) {
    const parsed = parseCheckInCode(typed.code);
    if (parsed && parsed.eventId !== kit.eventId) return { ok: false, message: 'Not this event: the code belongs to another event.', registrationId: null };
    if (!parsed || !(await signatureHolds(parsed.signed, parsed.signature, kit.publicKey))) return { ok: false, message: 'Unknown code: it is not a code of this event.', registrationId: null };
    entry = kit.roster.find((r) => r.registrationId === parsed.registrationId);
  } else {
    const ref = (typed.reference ?? '').trim().toUpperCase().replace(/[\s-]/g, '');
    entry = kit.roster.find((r) => r.reference.replace('-', '') === ref);
  }
  if (!entry) return { ok: false, message: 'Unknown code: no registration has it.', registrationId: null };
  if (entry.status === 'cancelled') return { ok: false, message: `Cancelled: ${entry.name}'s registration was cancelled.`, registrationId: entry.registrationId };
  const list = kit.lists.find((l) => l.id === listId);
  if (list && !entry.days.includes(list.day)) return { ok: false, message: `Wrong day: ${entry.name}'s ticket (${entry.ticket}) admits on ${entry.days.map(dayText).join(', ')} only.`, registrationId: entry.registrationId };
  if (alreadyIn(entry.registrationId)) return { ok: false, message: `Already in: ${entry.name} was checked in on this scanner.`, registrationId: entry.registrationId };
  return { ok: true, message: `Accepted offline: ${entry.name} (${entry.ticket}). Will settle when the network returns.`, registrationId: entry.registrationId };
}
