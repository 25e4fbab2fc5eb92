import { buildApp, type Guildhall } from './app.js';
import type { Config } from './config.js';
import { isDatabaseUnavailable } from './db/availability.js';
import { migrateToLatest, openDatabase, whenDatabaseAnswers } from './db/database.js';
import { seedDemoIfEmpty } from './demo/seed.js';

/**
 * Start-up: open the database (waiting up to DATABASE_WAIT_SECONDS for PostgreSQL to answer), migrate,
 * seed demo data if asked, build the app, start the job worker and listen. SIGTERM/SIGINT drain requests
 * and let the current job finish.
 */
export async function startServer(config: Config): Promise<Guildhall> {
  let lost = (err: Error) => console.error(`Database connection lost: ${err.message}`);
  let warn = (message: string) => console.error(message);
  const database = openDatabase(config.database, { onConnectionError: (err) => lost(err), checkpointInBackground: true, warn: (m) => warn(m) });
  try {
    await whenDatabaseAnswers(config.database, () => migrateToLatest(database.db), { waitMs: config.databaseWaitSeconds * 1000 });
  } catch (err) {
    await database.close();
    throw err;
  }
  const g = await buildApp({ config, database });
  warn = (message) => g.app.log.warn(message);
  lost = (err) => g.app.log.warn({ err: err.message }, 'database connection lost; requests answer 503 until it is back');
  // A promise nobody awaits that fails only because the database is away must not end the process.
  const onRejection = (reason: unknown) => {
    if (isDatabaseUnavailable(reason)) g.app.log.warn({ err: String(reason) }, 'background work failed: the database is unavailable');
    else throw reason;
  };
  process.on('unhandledRejection', onRejection);
  g.app.addHook('onClose', async () => {
    process.off('unhandledRejection', onRejection);
  });
  if (config.demo) printDemoWarning(config);
  if (config.demo) {
    const seeded = await seedDemoIfEmpty(g);
    if (seeded) printDemo(config, seeded.signIns);
  }
  if (config.workerEnabled) g.worker.start();
  await g.app.listen({ port: config.port, host: config.host });
  console.log(`\nGuildhall is running at ${config.publicUrl}  (database: ${config.database.kind === 'sqlite' ? config.database.file : 'PostgreSQL'})`);
  console.log(`API description: ${config.publicUrl}/api/v1/openapi.json`);
  if (!config.smtpUrl) console.log(`Outgoing mail is kept in the development mailbox: ${config.publicUrl}/dev/mailbox`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    g.app.log.info({ signal }, 'shutting down: draining requests and the current job');
    try {
      // A keep-alive connection that goes idle after answering its last request would hold the
      // exit for the whole keep-alive timeout (72 s): close each one as soon as it is idle, and
      // any still open after 20 s.
      const reap = setInterval(() => g.app.server.closeIdleConnections(), 50);
      const deadline = setTimeout(() => g.app.server.closeAllConnections(), 20_000);
      await g.app.close(); // stops accepting, drains in-flight requests, then stops the worker (onClose)
      clearInterval(reap);
      clearTimeout(deadline);
      await database.close();
      process.exit(0);
    } catch (err) {
      g.app.log.error({ err }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  return g;
}

/** Said at every start in demo mode, before anything else, so it is not lost below the sign-ins. */
function printDemoWarning(config: Config): void {
  const mailbox = config.smtpUrl ? '' : ' and shows outgoing mail (password-reset links included) in the development mailbox to anyone on this machine';
  console.warn(
    `\nWARNING: demo mode is on. This site seeds demo accounts with published passwords${mailbox}. ` +
      'Do not run a real site this way: set GUILDHALL_DEMO=0 (and SMTP_URL) for real use.',
  );
}

function printDemo(config: Config, signIns: Array<{ role: string; email: string; password: string }>): void {
  console.log('\nDemo data was seeded. Sign in at', `${config.publicUrl}/sign-in`, 'with:');
  for (const s of signIns) console.log(`  ${s.role.padEnd(18)} ${s.email.padEnd(34)} ${s.password}`);
}
