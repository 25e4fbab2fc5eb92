import type { Scheme } from '../../../contracts/scheme.js';
import type { Db, Tx } from '../../db/database.js';
import { audit, type AuditContext } from '../../platform/audit.js';
import { newId } from '../../platform/ids.js';
import { sha256 } from '../../platform/secrets.js';
import { schemesRepository } from './schemes.repository.js';

/**
 * Creates a scheme for a body with `scheme` as its published version 1, in the caller's transaction (demo
 * seeding, operators' set-up). Returns the scheme and version ids.
 */
export async function installScheme(q: Db | Tx, input: { bodyId: string; scheme: Scheme; by: AuditContext; now: Date }): Promise<{ schemeId: string; versionId: string }> {
  const repo = schemesRepository();
  const at = input.now.toISOString();
  const schemeId = newId();
  const versionId = newId();
  const content = JSON.stringify(input.scheme);
  await repo.insertScheme(q, { id: schemeId, body_id: input.bodyId, key: input.scheme.id, name: input.scheme.name, current_version_id: null, created_at: at });
  await repo.insertVersion(q, {
    id: versionId,
    scheme_id: schemeId,
    number: 1,
    label: input.scheme.version,
    status: 'published',
    content,
    sha256: sha256(content),
    created_at: at,
    created_by: input.by.actorId,
    published_at: at,
    published_by: input.by.actorId,
  });
  await repo.setCurrent(q, schemeId, versionId);
  await audit(q, input.by, { action: 'scheme.version_published', subjectType: 'scheme_version', subjectId: versionId, details: { schemeId, number: 1, label: input.scheme.version, installed: true } }, input.now);
  return { schemeId, versionId };
}
