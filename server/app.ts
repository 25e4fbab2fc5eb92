import '../contracts/messages.js';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import Fastify, { type FastifyInstance } from 'fastify';
import { type ZodTypeProvider, jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler } from 'fastify-type-provider-zod';
import { type Config, isSecure } from './config.js';
import type { DbHandle } from './db/database.js';
import { sweepAccounts } from './modules/accounts/accounts.jobs.js';
import { registerAccounts } from './modules/accounts/index.js';
import { createAuthenticator } from './modules/accounts/sessions.js';
import { registerAdmin } from './modules/admin/index.js';
import { registerAuditLog } from './modules/auditlog/index.js';
import { registerApplications } from './modules/applications/index.js';
import { registerCredentials } from './modules/credentials/index.js';
import { keepSiteIdentity } from './modules/credentials/site-identity.js';
import { registerVerification } from './modules/credentials/verifying/verification.index.js';
import { registerCpd } from './modules/cpd/index.js';
import { registerEvents } from './modules/events/index.js';
import { registerOrganisations } from './modules/organisations/index.js';
import { registerPortfolio } from './modules/portfolio/index.js';
import { registerPrivacy } from './modules/privacy/index.js';
import { registerRegister } from './modules/register/index.js';
import { registerRegisterImport } from './modules/register-import/index.js';
import { registerReports } from './modules/reports/index.js';
import { registerSystem } from './modules/system/index.js';
import { type Clock, systemClock } from './platform/clock.js';
import type { Platform } from './platform/context.js';
import { backupJobs } from './platform/backup/schedule.js';
import { createFileStore, diskBlobStore } from './platform/files/storage.js';
import { registerAuth } from './platform/http/auth-hook.js';
import { clientErrorHandler, frameworkErrors, registerErrorHandling } from './platform/http/error-handler.js';
import { purgeIdempotencyKeys, registerIdempotency } from './platform/http/idempotency.js';
import { withAmbientTransactions } from './db/ambient.js';
import { registerInputGuard } from './platform/http/input-guard.js';
import { MULTIPART_FIELD_BYTES, registerMultipart } from './platform/http/multipart.js';
import { registerRateLimit } from './platform/http/rate-limit.js';
import { registerSecurityHeaders } from './platform/http/security-headers.js';
import { responseSerializerCompiler } from './platform/http/serializer.js';
import { registerWeb } from './platform/http/web.js';
import type { ZodApp } from './platform/http/zod-app.js';
import { newId } from './platform/ids.js';
import { MAIL_JOB } from './platform/mail/outbox.js';
import { type MailTransport, mailDeliveryHandler, smtpTransport } from './platform/mail/sender.js';
import { purgeDoneJobs } from './platform/jobs/queue.js';
import { type JobHandler, type Schedule, type Worker, createWorker } from './platform/jobs/worker.js';
import { DAY } from './platform/clock.js';
import path from 'node:path';

export type AppDeps = {
  config: Config;
  database: DbHandle;
  clock?: Clock;
  /** Overrides the SMTP transport built from SMTP_URL (null keeps mail in the development mailbox). */
  mailTransport?: MailTransport | null;
};

export type Guildhall = {
  app: FastifyInstance;
  worker: Worker;
  services: ReturnType<typeof registerModules>;
  platform: Platform;
};

function registerModules(app: ZodApp, p: Platform) {
  registerSystem(app, p);
  const portfolio = registerPortfolio(app, p);
  const applications = registerApplications(app, p, portfolio);
  const register = registerRegister(app, p, portfolio.schemes);
  const credentials = registerCredentials(app, p, portfolio.schemes);
  const verification = registerVerification(app, p, credentials.own, credentials.public);
  const cpd = registerCpd(app, p, portfolio.portfolio);
  const organisations = registerOrganisations(app, p, { portfolio, applications, register, cpd });
  const events = registerEvents(app, p, { portfolio, cpd, credentials });
  const privacy = registerPrivacy(app, p, { exports: cpd.standards.exports, register: register.service });
  const auditLog = registerAuditLog(app, p, credentials.issuer);
  const registerImport = registerRegisterImport(app, p, portfolio.schemes);
  registerReports(app, p);
  return { ...registerAccounts(app, p), admin: registerAdmin(app, p), ...portfolio, applications, register, cpd, credentials, verification, organisations, events, privacy, auditLog, registerImport };
}

/** Builds the whole application around an open, migrated database. Nothing listens until `listen`. */
export async function buildApp(deps: AppDeps): Promise<Guildhall> {
  const { config } = deps;
  // Services query through this handle, so a request with an Idempotency-Key can run as one transaction.
  const database = { ...deps.database, db: withAmbientTransactions(deps.database.db) };
  const clock = deps.clock ?? systemClock;
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    genReqId: () => newId(),
    return503OnClosing: true,
    // Node's request-line and header limit sits above MAX_URL_LENGTH, so a long address gets a 414 in the error shape.
    http: { maxHeaderSize: 64 * 1024 },
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  // Compiled response serializers; under test every answer is also checked against its zod schema.
  app.setSerializerCompiler(responseSerializerCompiler({ verify: process.env.NODE_ENV === 'test' }));
  // Only JSON (and multipart for uploads) is accepted; anything else is answered 415.
  app.removeContentTypeParser('text/plain');
  registerErrorHandling(app);
  registerInputGuard(app);
  const secure = isSecure(config);
  registerSecurityHeaders(app, { secure });
  await app.register(fastifyCookie);
  // The x-ratelimit-* headers go out only with a 429 (beside retry-after), not on every answer.
  registerRateLimit(app, { max: config.rateLimitPerMinute, timeWindow: '1 minute' });
  await registerMultipart(app, { limits: { fileSize: config.uploadLimitBytes, files: 1, fields: 20, fieldSize: MULTIPART_FIELD_BYTES } });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Guildhall API',
        version: '1',
        description: 'Run a professional body’s recognition scheme: accounts, portfolios, applications, credentials and CPD. Errors are `{ "error": { "code", "message", "details" } }`.',
      },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'gh_session', description: 'Browser session; writes also need the X-CSRF-Token header' },
          bearer: { type: 'http', scheme: 'bearer', description: 'API token created with createApiToken' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  registerIdempotency(app, { db: database.db, dialect: database.dialect, clock });
  const authenticator = createAuthenticator(database);
  registerAuth(app, authenticator, clock);

  let worker: Worker | null = null;
  const site = await keepSiteIdentity(deps.database.db, config, clock.now(), app.log);
  const platform: Platform = {
    config,
    database,
    clock,
    logger: app.log,
    files: createFileStore({ db: database.db, blobs: diskBlobStore(path.join(config.dataDir, 'files')), maxBytes: config.uploadLimitBytes }),
    nudgeJobs: () => worker?.nudge(),
    site,
  };
  const services = registerModules(app, platform);

  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await registerWeb(app);

  const transport = deps.mailTransport !== undefined ? deps.mailTransport : config.smtpUrl ? smtpTransport(config.smtpUrl) : null;
  const handlers: Record<string, JobHandler> = {
    [MAIL_JOB]: mailDeliveryHandler({ db: database.db, clock, transport, from: config.mailFrom, domain: new URL(config.publicUrl).hostname }),
    'maintenance.sweep': async () => {
      const now = clock.now();
      await sweepAccounts(database.db, now);
      await purgeDoneJobs(database.db, new Date(now.getTime() - 7 * DAY));
      await purgeIdempotencyKeys(database.db, now);
    },
  };
  Object.assign(handlers, services.applications.jobHandlers, services.credentials.jobHandlers, services.cpd.standards.jobHandlers, services.register.jobHandlers, services.organisations.jobHandlers, services.events.jobHandlers, services.privacy.jobHandlers, services.auditLog.jobHandlers, services.registerImport.jobHandlers);
  const backups = backupJobs(config, database, clock);
  Object.assign(handlers, backups.jobHandlers);
  const schedules: Schedule[] = [
    { name: 'maintenance.sweep', kind: 'maintenance.sweep', everyMs: DAY / 4 },
    ...services.applications.jobSchedules,
    ...services.credentials.jobSchedules,
    ...services.cpd.standards.jobSchedules,
    ...services.register.jobSchedules,
    ...services.organisations.jobSchedules,
    ...services.events.jobSchedules,
    ...services.privacy.jobSchedules,
    ...services.auditLog.jobSchedules,
    ...backups.jobSchedules,
  ];
  worker = createWorker({ db: database.db, dialect: database.dialect, clock, logger: app.log, handlers, schedules });
  app.addHook('onClose', async () => {
    await worker?.stop();
    transport?.close();
  });
  return { app, worker, services, platform };
}
