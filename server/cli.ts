import { parseArgs } from 'node:util';
import { roles, type Role } from '../contracts/accounts.js';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { DatabaseUnavailableError, migrateToLatest, openDatabase, whenDatabaseAnswers } from './db/database.js';
import { seedDemo } from './demo/seed.js';
import { startServer } from './main.js';
import { provisionUser } from './modules/accounts/provision.js';
import { auditVerifyCommand } from './modules/auditlog/cli.js';
import { backupCommand } from './platform/backup/cli.js';
import { systemActor } from './platform/audit.js';
import { DomainError } from './platform/errors.js';

const usage = `Usage: guildhall <command>

  serve [--demo]                      run the site (--demo: seed demo data into an empty database unless GUILDHALL_DEMO=0)
  migrate                             apply pending database migrations
  user add --email E --name N --role R [--role R2]
                                      create a confirmed user; the password is read from standard input
  demo seed                           seed demo data (the database must have no users)
  audit verify [--head FILE]...       walk the audit log's hash chain, checked against the signed heads kept in
                                      the database and in each FILE (saved from /audit/heads/latest); exit 1 names
                                      the first entry altered, removed or inserted
  backup FILE                         copy the database and the stored files into one archive while the site serves
  restore FILE                        bring an archive back into an empty data directory

Configuration comes from the environment; see README.md.`;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function main(argv: string[]): Promise<number> {
  const [command, sub] = argv;
  const twoWords = command === 'user' || command === 'demo' || command === 'audit';
  const { values, positionals } = parseArgs({
    args: argv.slice(twoWords ? 2 : 1),
    options: { head: { type: 'string', multiple: true }, email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', multiple: true }, demo: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
    allowPositionals: true,
  });
  if (!command || values.help) {
    console.log(usage);
    return command ? 0 : 1;
  }
  // Checked before anything is opened: a mistyped command or a stray word must not create or migrate a database.
  const name = twoWords ? `${command} ${sub ?? ''}`.trim() : command;
  if (!commands.includes(name)) throw new UsageError(`Unknown command "${argv.join(' ')}"`);
  const takes = name === 'backup' || name === 'restore' ? 1 : 0;
  if (positionals.length > takes) throw new UsageError(`"guildhall ${name}" does not take "${positionals.slice(takes).join(' ')}"`);
  const config = loadConfig(process.env, values.demo ? { GUILDHALL_DEMO: '1' } : {});

  if (command === 'serve') {
    await startServer(config);
    return -1; // keep running
  }
  if (command === 'backup' || command === 'restore') return backupCommand(config, command, positionals);
  const database = openDatabase(config.database);
  const migrate = () => whenDatabaseAnswers(config.database, () => migrateToLatest(database.db), { waitMs: config.databaseWaitSeconds * 1000 });
  try {
    if (command === 'migrate') {
      const applied = await migrate();
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
      return 0;
    }
    await migrate();
    if (command === 'user' && sub === 'add') {
      if (!values.email || !values.name || !values.role?.length) throw new UsageError('user add needs --email, --name and at least one --role');
      const bad = values.role.filter((r) => !(roles as readonly string[]).includes(r));
      if (bad.length) throw new UsageError(`Unknown role ${bad.join(', ')}; choose from ${roles.join(', ')}`);
      const password = await readStdin();
      const id = await provisionUser(database.db, { email: values.email, name: values.name, roles: values.role as Role[], password }, { ...systemActor, requestId: 'cli' }, new Date());
      console.log(`Created user ${id} (${values.email}) with roles ${values.role.join(', ')}.`);
      return 0;
    }
    if (command === 'audit' && sub === 'verify') {
      const r = await auditVerifyCommand(database.db, values.head ?? []);
      for (const line of r.lines) (r.code ? console.error : console.log)(line);
      return r.code;
    }
    if (command === 'demo' && sub === 'seed') {
      const g = await buildApp({ config: { ...config, logLevel: 'silent' }, database });
      const any = await database.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
      if (any) throw new UsageError('The database already has users; demo data goes only into an empty database.');
      const r = await seedDemo(g);
      await g.worker.drain();
      console.log(`Seeded ${r.users} demo users.`);
      for (const s of r.signIns) console.log(`  ${s.role.padEnd(18)} ${s.email.padEnd(34)} ${s.password}`);
      return 0;
    }
    throw new UsageError(`Unknown command "${argv.join(' ')}"`);
  } finally {
    await database.close();
  }
}

class UsageError extends Error {}

const commands = ['serve', 'migrate', 'user add', 'demo seed', 'audit verify', 'backup', 'restore'];

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err) => {
    if (err instanceof ConfigError || err instanceof UsageError || err instanceof DomainError || err instanceof DatabaseUnavailableError) {
      console.error(err.message);
      if (err instanceof UsageError) console.error(`\n${usage}`);
    } else {
      console.error(err);
    }
    process.exit(2);
  },
);
