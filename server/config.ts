import path from 'node:path';
import { z } from 'zod';
import { isLoopbackAddress } from './platform/loopback.js';

/** Everything Guildhall reads from its environment, validated once at start-up. */
export type Config = {
  port: number;
  host: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  publicUrl: string;
  smtpUrl: string | null;
  mailFrom: string;
  demo: boolean;
  dataDir: string;
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  sessionDays: number;
  /** How long CPD evidence is kept after the end of the cycle it counted for (modules/privacy retention). */
  evidenceRetentionMonths: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  trustProxy: boolean;
  workerEnabled: boolean;
  rateLimitPerMinute: number;
  /** NODE_ENV=production: settings that have a development fallback become required. */
  production: boolean;
  /** PostgreSQL: how long start-up (serve, migrate) keeps retrying a database that does not answer. */
  databaseWaitSeconds: number;
  /** Seals the issuer's signing keys at rest; null outside production: a generated one is kept under dataDir. */
  credentialKeySecret: string | null;
  /**
   * The issuer's did:web when set on purpose; null keeps the one stored in the database (derived from
   * PUBLIC_URL at first start), so a new PUBLIC_URL does not change who signed the credentials.
   */
  issuerDid: string | null;
  /** Scheduled backups (platform/backup/schedule.ts): off while dir is null; the newest `keep` archives stay. */
  backup: { dir: string | null; keep: number; everyHours: number };
  /** Erasures recorded apart from the database (modules/privacy/erasure-journal.ts), re-applied by a restore; null: none. */
  erasureJournal: string | null;
};

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'], { message: 'use 1 or 0' })
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const portMessage = 'PORT must be a whole number from 0 to 65535 (0 picks a free port)';

const hasHost = (url: string) => {
  try {
    return new URL(url).hostname !== '';
  } catch {
    return false;
  }
};

const positiveInt = (name: string) =>
  z.coerce.number({ message: `${name} must be a whole number` }).int(`${name} must be a whole number`).positive(`${name} must be above 0`);

const envSchema = z.object({
  PORT: z.coerce
    .number({ message: portMessage })
    .int(portMessage)
    .min(0, portMessage)
    .max(65535, portMessage)
    .default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().min(1).optional(),
  PUBLIC_URL: z.url({ protocol: /^https?$/, message: 'PUBLIC_URL must be an absolute http(s) URL such as https://guildhall.example.org' }).optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'SMTP_URL must start with smtp:// or smtps://, e.g. smtp://user:pass@mail.example.org:587')
    .refine((v) => !/^smtps?:\/\//.test(v) || hasHost(v), 'SMTP_URL names no mail server; write it as smtp://user:pass@mail.example.org:587')
    .optional(),
  MAIL_FROM: z.string().min(3).default('Guildhall <no-reply@guildhall.invalid>'),
  GUILDHALL_DEMO: bool.optional(),
  GUILDHALL_DATA_DIR: z.string().min(1).default('./data'),
  BODY_LIMIT_BYTES: positiveInt('BODY_LIMIT_BYTES').default(1_048_576),
  UPLOAD_LIMIT_BYTES: positiveInt('UPLOAD_LIMIT_BYTES').default(10 * 1_048_576),
  SESSION_DAYS: positiveInt('SESSION_DAYS').default(14),
  EVIDENCE_RETENTION_MONTHS: positiveInt('EVIDENCE_RETENTION_MONTHS').default(12),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: bool.default(false),
  GUILDHALL_WORKER: bool.default(true),
  RATE_LIMIT_PER_MINUTE: positiveInt('RATE_LIMIT_PER_MINUTE').default(600),
  DATABASE_WAIT_SECONDS: z.coerce
    .number({ message: 'DATABASE_WAIT_SECONDS must be a whole number of seconds' })
    .int('DATABASE_WAIT_SECONDS must be a whole number of seconds')
    .min(0, 'DATABASE_WAIT_SECONDS must be 0 or more')
    .default(60),
  NODE_ENV: z.string().optional(),
  ISSUER_DID: z
    .string()
    .regex(
      /^did:web:[A-Za-z0-9.-]+(%3[Aa]\d{1,5})?(:[A-Za-z0-9._~%-]+)*$/,
      'ISSUER_DID must be a did:web identifier such as did:web:guild.example.org (a port as %3A8443, path segments after ":")',
    )
    .optional(),
  BACKUP_DIR: z.string().min(1).optional(),
  ERASURE_JOURNAL: z.string().min(1).optional(),
  BACKUP_KEEP: positiveInt('BACKUP_KEEP').default(7),
  BACKUP_EVERY_HOURS: positiveInt('BACKUP_EVERY_HOURS').default(24),
  CREDENTIAL_KEY_SECRET: z.string().min(32, 'CREDENTIAL_KEY_SECRET must be at least 32 characters, e.g. the output of `openssl rand -base64 32`').optional(),
});

/** Every environment variable Guildhall reads (README's configuration table lists each). */
export const configVariables: readonly string[] = Object.keys(envSchema.shape);

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Reads and checks configuration. `env` defaults to process.env; `defaults` lets the CLI
 * supply values (such as demo mode for `npm start`) that the environment may still override.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  defaults: Partial<Record<keyof z.input<typeof envSchema>, string>> = {},
): Config {
  const merged: Record<string, string | undefined> = { ...defaults };
  for (const key of Object.keys(envSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') merged[key] = value;
  }
  const parsed = envSchema.safeParse(merged);
  // Every problem is reported at once, DATABASE_URL's included, so one restart fixes them all.
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`);
  if (merged.NODE_ENV === 'production' && !merged.CREDENTIAL_KEY_SECRET) {
    problems.push('CREDENTIAL_KEY_SECRET: required when NODE_ENV=production (it seals the keys that sign credentials); use at least 32 random characters');
  }
  let database: Config['database'] | null = null;
  try {
    database = parseDatabaseUrl(merged.DATABASE_URL, path.resolve(merged.GUILDHALL_DATA_DIR ?? './data'));
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }
  if (parsed.success) problems.push(...demoProblems(parsed.data, env));
  if (!parsed.success || !database || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const dataDir = path.resolve(e.GUILDHALL_DATA_DIR);
  const publicUrl = publicUrlOf(e);
  return {
    port: e.PORT,
    host: e.HOST,
    database,
    publicUrl,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    demo: e.GUILDHALL_DEMO ?? false,
    dataDir,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    uploadLimitBytes: e.UPLOAD_LIMIT_BYTES,
    sessionDays: e.SESSION_DAYS,
    evidenceRetentionMonths: e.EVIDENCE_RETENTION_MONTHS,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    workerEnabled: e.GUILDHALL_WORKER,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    production: e.NODE_ENV === 'production',
    credentialKeySecret: e.CREDENTIAL_KEY_SECRET ?? null,
    issuerDid: e.ISSUER_DID ?? null,
    databaseWaitSeconds: e.DATABASE_WAIT_SECONDS,
    backup: { dir: e.BACKUP_DIR ? path.resolve(e.BACKUP_DIR) : null, keep: e.BACKUP_KEEP, everyHours: e.BACKUP_EVERY_HOURS },
    erasureJournal: e.ERASURE_JOURNAL ? path.resolve(e.ERASURE_JOURNAL) : e.BACKUP_DIR ? path.join(path.resolve(e.BACKUP_DIR), 'erasures.jsonl') : null,
  };
}

const publicUrlOf = (e: z.output<typeof envSchema>) => (e.PUBLIC_URL ?? `http://${urlHost(e.HOST)}:${e.PORT}`).replace(/\/+$/, '');

/**
 * Demo mode seeds accounts with published passwords and opens the development mailbox, so a default
 * (`npm start`, `serve --demo`) may turn it on only for a site reachable from this machine alone.
 * Anything wider needs GUILDHALL_DEMO=1 in the environment, said on purpose.
 */
function demoProblems(e: z.output<typeof envSchema>, env: Record<string, string | undefined>): string[] {
  if (!e.GUILDHALL_DEMO) return [];
  const explicit = env.GUILDHALL_DEMO !== undefined && env.GUILDHALL_DEMO !== '';
  if (explicit) return [];
  const reasons: string[] = [];
  if (!isLoopbackAddress(e.HOST)) reasons.push(`HOST is ${e.HOST}, which other machines can reach`);
  if (publicUrlOf(e).startsWith('https://')) reasons.push(`PUBLIC_URL is https (${e.PUBLIC_URL}), so this looks like a real site`);
  if (reasons.length === 0) return [];
  return [
    `GUILDHALL_DEMO: demo mode (the default of npm start and serve --demo) publishes sign-in passwords and is refused because ${reasons.join(' and ')}. ` +
      'Set GUILDHALL_DEMO=0 to run without demo data, or GUILDHALL_DEMO=1 to keep demo mode on this site on purpose.',
  ];
}

function parseDatabaseUrl(url: string | undefined, dataDir: string): Config['database'] {
  if (!url) return { kind: 'sqlite', file: path.join(dataDir, 'guildhall.sqlite') };
  if (/^postgres(ql)?:\/\//.test(url)) {
    try {
      new URL(url);
    } catch {
      throw new ConfigError([`DATABASE_URL: not a valid URL; expected postgres://user:password@host:5432/database`]);
    }
    return { kind: 'postgres', url };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !url.startsWith('file://')) {
    throw new ConfigError([
      `DATABASE_URL: unsupported scheme in "${url.split('://')[0]}://…"; use a SQLite file path (./data/guildhall.sqlite) or postgres://…`,
    ]);
  }
  const file = url.startsWith('file://') ? new URL(url).pathname : url.replace(/^sqlite:/, '');
  return { kind: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
}

/** The host part of a default public URL: wildcard addresses become loopback; IPv6 gets brackets. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** True when the public URL is https, so cookies must be Secure. */
export function isSecure(config: Config): boolean {
  return config.publicUrl.startsWith('https://');
}
