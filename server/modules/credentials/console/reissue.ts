import type { Tx } from '../../../db/database.js';

/**
 * Writes the record of a re-issued credential: the same holder, level, scheme version and dates as the
 * old one, active, with no issued credential yet (the issuing job signs it with the holder's current
 * details). What follows the credential rather than its signature moves to the new record: the
 * application it was awarded for (one credential per application), its CPD standing, reminders and
 * audits, so the holder's CPD record carries on unbroken.
 */
export async function moveCredentialRecords(tx: Tx, oldId: string, newId: string, at: string): Promise<void> {
  const old = await tx.selectFrom('credentials').selectAll().where('id', '=', oldId).executeTakeFirstOrThrow();
  await tx.updateTable('credentials').set({ application_id: null }).where('id', '=', oldId).execute();
  await tx
    .insertInto('credentials')
    .values({ ...old, id: newId, status: 'active', status_changed_at: at, created_at: at })
    .execute();
  await tx.updateTable('cpd_credential_states').set({ credential_id: newId }).where('credential_id', '=', oldId).execute();
  await tx.updateTable('cpd_reminders').set({ credential_id: newId }).where('credential_id', '=', oldId).execute();
  await tx.updateTable('cpd_audits').set({ credential_id: newId }).where('credential_id', '=', oldId).execute();
}
