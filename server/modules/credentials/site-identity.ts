// Who the site is, kept apart from where it answers. Credentials name the issuer by a did:web, and a
// did:web made from PUBLIC_URL would change with every move and orphan all that was issued before. So
// the DID is chosen once (ISSUER_DID, or derived from PUBLIC_URL at first start) and stored; later
// starts keep it whatever PUBLIC_URL says. Each PUBLIC_URL the site has had is recorded too: credentials
// issued under an old address point at status lists there, and our own resolver still answers them.
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { SiteIdentity } from '../../platform/context.js';
import { didWebFromUrl } from './did-web.js';

/** Records this start's address and answers the kept identity (choosing it on the very first start). */
export async function keepSiteIdentity(db: Db, config: Pick<Config, 'publicUrl' | 'issuerDid'>, now: Date, logger?: Pick<FastifyBaseLogger, 'warn'>): Promise<SiteIdentity> {
  const at = now.toISOString();
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('site_addresses')
      .values({ url: config.publicUrl, first_seen_at: at, last_seen_at: at })
      .onConflict((oc) => oc.column('url').doUpdateSet({ last_seen_at: at }))
      .execute();
    const kept = await tx.selectFrom('site_identity').select('issuer_did').where('id', '=', 1).executeTakeFirst();
    if (config.issuerDid && kept && kept.issuer_did !== config.issuerDid) {
      logger?.warn(
        `ISSUER_DID changes the issuer from ${kept.issuer_did} to ${config.issuerDid}: credentials issued as ${kept.issuer_did} verify only while its DID document stays published elsewhere.`,
      );
      await tx.updateTable('site_identity').set({ issuer_did: config.issuerDid, chosen_at: at }).where('id', '=', 1).execute();
    }
    if (!kept) {
      // A site that signed before this table existed keeps the DID its first key was made for.
      const first = await tx.selectFrom('issuer_keys').select('controller').orderBy('created_at').orderBy('number').limit(1).executeTakeFirst();
      const did = config.issuerDid ?? first?.controller ?? didWebFromUrl(config.publicUrl);
      // Two processes starting together: one insert wins, both read the winner below.
      await tx.insertInto('site_identity').values({ id: 1, issuer_did: did, chosen_at: at }).onConflict((oc) => oc.column('id').doNothing()).execute();
    }
  });
  const identity = await db.selectFrom('site_identity').select('issuer_did').where('id', '=', 1).executeTakeFirstOrThrow();
  const rows = await db.selectFrom('site_addresses').select('url').orderBy('last_seen_at', 'desc').orderBy('url').execute();
  const others = rows.map((r) => r.url).filter((u) => u !== config.publicUrl);
  return { issuerDid: identity.issuer_did, addresses: [config.publicUrl, ...others] };
}
