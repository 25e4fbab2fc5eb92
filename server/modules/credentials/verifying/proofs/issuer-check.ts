// Did the issuer sign? A valid signature is the issuer's when its key's controller is the issuer and the
// controller's document lists the key for assertions (the proof check has confirmed the listing by then).
// A key taken from its own URL's fragment, because that document could not be fetched, proves the
// signature but not the issuer's control of the key: a warning, never a pass.
import type { JsonObject } from '../../document-loader.js';
import { type Check, failed, passed, warning } from '../checks.js';
import type { ProofReport } from './proof-set.js';

type Signed = { ok: boolean; method?: JsonObject; reports?: ProofReport[] };

const controllerOf = (method: JsonObject | undefined): string | undefined => {
  const c = method?.['controller'];
  return typeof c === 'string' ? c : typeof (c as JsonObject)?.['id'] === 'string' ? ((c as JsonObject)['id'] as string) : undefined;
};

export function issuerCheck(issuerId: string, signature: Signed): Check {
  if (!signature.ok || !(signature.method || signature.reports?.length)) return failed('issuer', 'Not checked: no valid signature names a key.');
  const reports = (signature.reports ?? []).filter((r) => r.ok && r.key);
  if (reports.length === 0) {
    // A VC-JWT: one key, its controller already checked against the document that lists it.
    const controller = controllerOf(signature.method);
    return controller === issuerId
      ? passed('issuer', `Signed with a key of the issuer ${issuerId}.`, { issuer: issuerId, key: String(signature.method?.['id'] ?? ''), controller })
      : failed('issuer', `Signed with a key of ${String(controller)}, not of the issuer ${issuerId}.`, { issuer: issuerId, controller: controller ?? null });
  }
  const several = (signature.reports?.length ?? 0) > 1;
  const which = (r: ProofReport) => (several ? ` (proof[${r.index}])` : '');
  const ours = reports.find((r) => !r.key!.unconfirmed && controllerOf(r.key!.method) === issuerId);
  if (ours) {
    const key = ours.key!;
    return passed('issuer', `Signed with a key of the issuer ${issuerId}${which(ours)}: ${key.id}, ${key.source}, listed for assertions in the issuer's document.`, { issuer: issuerId, key: key.id, keySource: key.source, controller: issuerId });
  }
  const unconfirmed = reports.find((r) => r.key!.unconfirmed);
  if (unconfirmed) {
    const key = unconfirmed.key!;
    const { documentUrl, why } = key.unconfirmed!;
    const multibase = String(key.method['publicKeyMultibase']);
    return warning(
      'issuer',
      `The signature${which(unconfirmed)} is valid for key ${multibase} but the issuer's control of that key could not be confirmed: ${documentUrl} could not be fetched (${why}).`,
      { issuer: issuerId, key: key.id, keySource: key.source, controller: null, confirmed: false },
    );
  }
  const controllers = [...new Set(reports.map((r) => String(controllerOf(r.key!.method))))];
  return failed('issuer', `Signed with a key of ${controllers.join(' and ')}, not of the issuer ${issuerId}.`, { issuer: issuerId, controller: controllers.join(' ') });
}
