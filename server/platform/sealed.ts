// Secrets kept at rest sealed with AES-256-GCM under a key derived (HKDF-SHA256, per-record salt) from
// the configuration's sealing secret: issuer signing keys and webhook signing secrets. Whoever reads the
// database alone cannot sign as the body or as Guildhall towards an employer's receiver.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';

/** A sealed secret as stored (all strings base64url). */
export type SealedSecret = { alg: 'A256GCM'; kdf: 'HKDF-SHA256'; salt: string; iv: string; tag: string; ciphertext: string };

/**
 * What a sealed secret is for: `info` names the kind (a key derived for one kind opens nothing of
 * another), `aad` the record it belongs to (a sealed secret moved to another record will not open).
 */
export type SealContext = { info: string; aad: string; secret: string };

function wrappingKey(configSecret: string, salt: Buffer, info: string): Buffer {
  if (configSecret.length < 16) throw new Error('The credential key secret must be at least 16 characters long');
  return Buffer.from(hkdfSync('sha256', Buffer.from(configSecret, 'utf8'), salt, Buffer.from(info), 32));
}

export function seal(plain: string, c: SealContext): SealedSecret {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', wrappingKey(c.secret, salt, c.info), iv);
  cipher.setAAD(Buffer.from(c.aad));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const b = (x: Buffer) => x.toString('base64url');
  return { alg: 'A256GCM', kdf: 'HKDF-SHA256', salt: b(salt), iv: b(iv), tag: b(cipher.getAuthTag()), ciphertext: b(ciphertext) };
}

/** The plain secret; throws naming the record when the configuration secret is wrong or the record altered. */
export function unseal(s: SealedSecret, c: SealContext): string {
  const d = (x: string) => Buffer.from(x, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', wrappingKey(c.secret, d(s.salt), c.info), d(s.iv));
  decipher.setAAD(Buffer.from(c.aad));
  decipher.setAuthTag(d(s.tag));
  try {
    return Buffer.concat([decipher.update(d(s.ciphertext)), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(`Cannot open the secret of ${c.aad}: wrong configuration secret or altered record`);
  }
}

const SECRET_FILE = 'credential-key-secret';

/**
 * The sealing secret: CREDENTIAL_KEY_SECRET, or outside production one made on first need and kept in
 * the data directory (with a warning: whoever can read that directory and the database can sign as the
 * body). Production refuses to start without the setting (server/config.ts).
 */
export function sealingSecret(config: Config, warn: (message: string) => void): string {
  if (config.credentialKeySecret) return config.credentialKeySecret;
  if (config.production) throw new Error('CREDENTIAL_KEY_SECRET is required in production');
  const file = path.join(config.dataDir, SECRET_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another process wrote it first
    }
    warn(`CREDENTIAL_KEY_SECRET is not set: generated one in ${file} to seal the credential signing keys and webhook secrets. Set it (32+ random characters) before production use.`);
  }
  return fs.readFileSync(file, 'utf8').trim();
}
