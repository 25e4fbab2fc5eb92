import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { ConfigError, configVariables, isSecure, loadConfig } from '../../server/config.js';

/** The problems a bad environment produces (fails the test if it loads). */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('configuration', () => {
  it("lists every variable it reads in README's configuration table", () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const documented = new Set([...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]));
    expect(configVariables.filter((v) => !documented.has(v))).toEqual([]);
    expect(configVariables).toContain('CREDENTIAL_KEY_SECRET');
  });

  it('has working defaults: port 3000 on 127.0.0.1, SQLite under ./data, public URL from host and port', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('127.0.0.1');
    expect(c.database).toEqual({ kind: 'sqlite', file: path.resolve('data', 'guildhall.sqlite') });
    expect(c.dataDir).toBe(path.resolve('data'));
    expect(c.publicUrl).toBe('http://127.0.0.1:3000');
    expect(c.smtpUrl).toBeNull();
    expect(c.demo).toBe(false);
    expect(c.workerEnabled).toBe(true);
    expect(isSecure(c)).toBe(false);
  });

  it('derives the public URL from HOST and PORT, and trims a trailing slash from PUBLIC_URL', () => {
    expect(loadConfig({ PORT: '8080' }).publicUrl).toBe('http://127.0.0.1:8080');
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '8080' }).publicUrl).toBe('http://127.0.0.1:8080');
    expect(loadConfig({ HOST: '::', PORT: '8080' }).publicUrl).toBe('http://[::1]:8080');
    expect(loadConfig({ HOST: '::1' }).publicUrl).toBe('http://[::1]:3000');
    expect(loadConfig({ HOST: 'guildhall.internal' }).publicUrl).toBe('http://guildhall.internal:3000');
    const c = loadConfig({ PUBLIC_URL: 'https://guildhall.example.org/' });
    expect(c.publicUrl).toBe('https://guildhall.example.org');
    expect(isSecure(c)).toBe(true);
  });

  it('recognises PostgreSQL URLs and SQLite paths in DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://g:pw@db.internal:5432/guildhall' }).database).toEqual({ kind: 'postgres', url: 'postgres://g:pw@db.internal:5432/guildhall' });
    expect(loadConfig({ DATABASE_URL: 'postgresql://g@localhost/guildhall' }).database.kind).toBe('postgres');
    expect(loadConfig({ DATABASE_URL: './somewhere/else.sqlite' }).database).toEqual({ kind: 'sqlite', file: path.resolve('somewhere/else.sqlite') });
    expect(loadConfig({ GUILDHALL_DATA_DIR: '/srv/guildhall' }).database).toEqual({ kind: 'sqlite', file: '/srv/guildhall/guildhall.sqlite' });
  });

  it('lets the CLI supply defaults that the environment still overrides; empty values count as unset', () => {
    expect(loadConfig({}, { GUILDHALL_DEMO: '1' }).demo).toBe(true);
    expect(loadConfig({ GUILDHALL_DEMO: '0' }, { GUILDHALL_DEMO: '1' }).demo).toBe(false);
    expect(loadConfig({ PORT: '' }).port).toBe(3000);
  });

  it('waits 60 s for PostgreSQL at start unless DATABASE_WAIT_SECONDS says otherwise (0: not at all)', () => {
    expect(loadConfig({}).databaseWaitSeconds).toBe(60);
    expect(loadConfig({ DATABASE_WAIT_SECONDS: '0' }).databaseWaitSeconds).toBe(0);
    expect(loadConfig({ DATABASE_WAIT_SECONDS: '300' }).databaseWaitSeconds).toBe(300);
  });

  describe('demo mode (a default of npm start) on a site others can reach', () => {
    const demoDefault = { GUILDHALL_DEMO: '1' };
    const refusal = (env: Record<string, string>) => {
      try {
        loadConfig(env, demoDefault);
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError);
        return (err as ConfigError).problems;
      }
      throw new Error(`expected demo mode with ${JSON.stringify(env)} to be refused`);
    };

    it.each([{}, { HOST: '127.0.0.1' }, { HOST: '127.0.0.2' }, { HOST: 'localhost' }, { HOST: '::1' }, { PUBLIC_URL: 'http://localhost:3000' }])('is allowed on loopback: %j', (env) => {
      expect(loadConfig(env, demoDefault).demo).toBe(true);
    });

    it.each([
      [{ HOST: '0.0.0.0' }, /HOST is 0\.0\.0\.0/],
      [{ HOST: '::' }, /HOST is ::/],
      [{ HOST: '192.0.2.10' }, /HOST is 192\.0\.2\.10/],
      [{ HOST: 'guildhall.internal' }, /HOST is guildhall\.internal/],
      [{ PUBLIC_URL: 'https://guildhall.example.org' }, /PUBLIC_URL is https/],
    ])('is refused with %j, saying what to set', (env, reason) => {
      const problems = refusal(env);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^GUILDHALL_DEMO: /);
      expect(problems[0]).toMatch(reason);
      expect(problems[0]).toMatch(/GUILDHALL_DEMO=0 .*GUILDHALL_DEMO=1/);
    });

    it('is kept when GUILDHALL_DEMO=1 is set on purpose, and off with GUILDHALL_DEMO=0', () => {
      expect(loadConfig({ HOST: '0.0.0.0', PUBLIC_URL: 'https://demo.example.org', GUILDHALL_DEMO: '1' }).demo).toBe(true);
      expect(loadConfig({ HOST: '0.0.0.0', GUILDHALL_DEMO: '1' }, demoDefault).demo).toBe(true);
      expect(loadConfig({ HOST: '0.0.0.0', GUILDHALL_DEMO: '0' }, demoDefault).demo).toBe(false);
      expect(loadConfig({ HOST: '0.0.0.0' }).demo).toBe(false);
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT', /whole number from 0 to 65535/],
    [{ PORT: '70000' }, 'PORT', /0 to 65535/],
    [{ PORT: '-1' }, 'PORT', /0 to 65535/],
    [{ PORT: '80.5' }, 'PORT', /whole number/],
    [{ PUBLIC_URL: 'guildhall.example.org' }, 'PUBLIC_URL', /absolute http\(s\) URL such as https:\/\//],
    [{ PUBLIC_URL: 'ftp://guildhall.example.org' }, 'PUBLIC_URL', /http\(s\)/],
    [{ DATABASE_URL: 'mysql://root@localhost/guildhall' }, 'DATABASE_URL', /mysql:\/\/.*use a SQLite file path .* or postgres:\/\//],
    [{ SMTP_URL: 'mail.example.org:587' }, 'SMTP_URL', /must start with smtp:\/\/ or smtps:\/\//],
    [{ SMTP_URL: 'smtp://' }, 'SMTP_URL', /names no mail server/],
    [{ GUILDHALL_DEMO: 'maybe' }, 'GUILDHALL_DEMO', /use 1 or 0/],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /"info"/],
    [{ SESSION_DAYS: '0' }, 'SESSION_DAYS', /above 0/],
    [{ DATABASE_WAIT_SECONDS: 'soon' }, 'DATABASE_WAIT_SECONDS', /whole number of seconds/],
    [{ DATABASE_WAIT_SECONDS: '-5' }, 'DATABASE_WAIT_SECONDS', /0 or more/],
  ])('refuses %j with a ConfigError naming the variable and the fix', (env, variable, fix) => {
    const problems = problemsOf(env);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${variable}: `));
    expect(problems[0]).toMatch(fix);
  });

  it('reports several problems at once, DATABASE_URL included, in one readable message', () => {
    let error: ConfigError | null = null;
    try {
      loadConfig({ PORT: 'abc', PUBLIC_URL: 'nope', GUILDHALL_DEMO: 'maybe', DATABASE_URL: 'mysql://x/y', SMTP_URL: 'http://mail' });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const vars = (error as ConfigError).problems.map((p) => p.split(':')[0]).sort();
    expect(vars).toEqual(['DATABASE_URL', 'GUILDHALL_DEMO', 'PORT', 'PUBLIC_URL', 'SMTP_URL']);
    expect((error as ConfigError).message).toMatch(/^Invalid configuration:\n {2}- /);
    expect((error as ConfigError).message.split('\n')).toHaveLength(6);
  });
});
