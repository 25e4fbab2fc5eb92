import fs from 'node:fs';
import { shotsDir } from './support/browser.js';
import { buildWebIfStale } from './support/server.js';

/** Once per run: clear old screenshots (a stale failure picture misleads) and build the web app if needed. */
export default function setup(): void {
  fs.rmSync(shotsDir, { recursive: true, force: true });
  buildWebIfStale();
}
