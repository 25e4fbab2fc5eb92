#!/usr/bin/env node
// `npm start`: build the web app when it is stale, then serve with demo data, all in this one
// process. npm hands SIGINT and SIGTERM to its one child; a shell running `build && serve` would
// die on them and leave the server running behind it, holding the port.
import { buildWeb } from './build-web.mjs';

if (!(await buildWeb({ ifStale: true }))) process.exit(1);
process.argv.splice(2, process.argv.length - 2, 'serve', '--demo', ...process.argv.slice(2));
await import('../bin/guildhall.js');
