// Vitest global setup: the server renders public pages with the built web app (decision 0019), so the
// suites run against a current build, made once before any test file starts (not once per file, in parallel).
import { buildWebIfStale } from '../../e2e/support/server.js';

export default function setup(): void {
  buildWebIfStale();
}
