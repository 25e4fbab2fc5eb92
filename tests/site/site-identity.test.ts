import { afterEach, describe, expect, it } from 'vitest';
import { keepSiteIdentity } from '../../server/modules/credentials/site-identity.js';
import { freshDatabase } from '../support/app.js';

let fresh: Awaited<ReturnType<typeof freshDatabase>> | null = null;
afterEach(async () => {
  await fresh?.cleanup();
  fresh = null;
});
const at = (day: number) => new Date(Date.UTC(2026, 10, day));

describe('keepSiteIdentity', () => {
  it('derives the DID from PUBLIC_URL at first start and keeps it after PUBLIC_URL changes', async () => {
    fresh = await freshDatabase();
    const db = fresh.database.db;
    expect(await keepSiteIdentity(db, { publicUrl: 'https://guild.example:8443/scheme', issuerDid: null }, at(1))).toEqual({
      issuerDid: 'did:web:guild.example%3A8443:scheme',
      addresses: ['https://guild.example:8443/scheme'],
    });
    const moved = await keepSiteIdentity(db, { publicUrl: 'https://new.example', issuerDid: null }, at(2));
    expect(moved).toEqual({ issuerDid: 'did:web:guild.example%3A8443:scheme', addresses: ['https://new.example', 'https://guild.example:8443/scheme'] });
  });

  it('takes ISSUER_DID when set, and keeps it when the variable is later removed', async () => {
    fresh = await freshDatabase();
    const db = fresh.database.db;
    expect((await keepSiteIdentity(db, { publicUrl: 'https://a.example', issuerDid: 'did:web:id.guild.example' }, at(1))).issuerDid).toBe('did:web:id.guild.example');
    expect((await keepSiteIdentity(db, { publicUrl: 'https://b.example', issuerDid: null }, at(2))).issuerDid).toBe('did:web:id.guild.example');
    const warnings: string[] = [];
    const changed = await keepSiteIdentity(db, { publicUrl: 'https://b.example', issuerDid: 'did:web:other.example' }, at(3), { warn: (m: string) => warnings.push(m) } as never);
    expect(changed.issuerDid).toBe('did:web:other.example');
    expect(warnings.join()).toMatch(/did:web:id\.guild\.example to did:web:other\.example/);
  });

  it('on a site that signed before identities were kept, keeps the DID its first key was made for', async () => {
    fresh = await freshDatabase();
    const db = fresh.database.db;
    await db
      .insertInto('issuer_keys')
      .values({ id: 'did:web:first.example#key-1', controller: 'did:web:first.example', number: 1, public_key_multibase: 'z6Mk', secret: '{}', created_at: at(1).toISOString(), retired_at: null })
      .execute();
    expect((await keepSiteIdentity(db, { publicUrl: 'https://elsewhere.example', issuerDid: null }, at(5))).issuerDid).toBe('did:web:first.example');
  });
});

describe('ISSUER_DID', () => {
  it('accepts a did:web and refuses anything else, naming the expected form', async () => {
    const { ConfigError, loadConfig } = await import('../../server/config.js');
    expect(loadConfig({ ISSUER_DID: 'did:web:guild.example%3A8443:scheme' }).issuerDid).toBe('did:web:guild.example%3A8443:scheme');
    expect(loadConfig({}).issuerDid).toBeNull();
    for (const bad of ['did:key:z6Mk', 'https://guild.example', 'did:web:', 'did:web:guild example']) {
      let problems: string[] = [];
      try {
        loadConfig({ ISSUER_DID: bad });
      } catch (err) {
        problems = (err as InstanceType<typeof ConfigError>).problems;
      }
      expect(problems.join(), bad).toMatch(/^ISSUER_DID: ISSUER_DID must be a did:web identifier such as did:web:guild\.example\.org/);
    }
  });
});
