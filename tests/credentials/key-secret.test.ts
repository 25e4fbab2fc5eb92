import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type ConfigError, loadConfig } from '../../server/config.js';
import { sealingSecret as keySecret } from '../../server/platform/sealed.js';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
};

describe('the secret that seals the signing keys', () => {
  it('is required in production, and must be long enough', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([expect.stringMatching(/^CREDENTIAL_KEY_SECRET: required when NODE_ENV=production/)]);
    expect(problemsOf({ CREDENTIAL_KEY_SECRET: 'short' })).toEqual([expect.stringMatching(/^CREDENTIAL_KEY_SECRET: .*at least 32 characters/)]);
    const c = loadConfig({ NODE_ENV: 'production', CREDENTIAL_KEY_SECRET: 'x'.repeat(40) });
    expect(c).toMatchObject({ production: true, credentialKeySecret: 'x'.repeat(40) });
    expect(keySecret(c, () => {})).toBe('x'.repeat(40));
  });

  it('outside production is made once in the data folder, with a warning, and kept', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-secret-'));
    try {
      const config = loadConfig({ GUILDHALL_DATA_DIR: dataDir });
      expect(config.credentialKeySecret).toBeNull();
      const warnings: string[] = [];
      const first = keySecret(config, (m) => warnings.push(m));
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect(warnings).toEqual([expect.stringMatching(/CREDENTIAL_KEY_SECRET is not set: generated one in .*credential-key-secret/)]);
      expect(keySecret(config, (m) => warnings.push(m))).toBe(first);
      expect(warnings).toHaveLength(1);
      expect(fs.statSync(path.join(dataDir, 'credential-key-secret')).mode & 0o777).toBe(0o600);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
