import type { JobHandler, Schedule } from '../../platform/jobs/worker.js';
import type { registerCpd } from '../cpd/index.js';
import type { registerCredentials } from '../credentials/index.js';
import type { registerPortfolio } from '../portfolio/index.js';

/** What the events module is given by the others (through registerModules in app.ts). */
export type EventDeps = {
  portfolio: ReturnType<typeof registerPortfolio>;
  cpd: ReturnType<typeof registerCpd>;
  credentials: ReturnType<typeof registerCredentials>;
};

/** What each part of the module hands back to app.ts. */
export type PartWiring = { jobHandlers: Record<string, JobHandler>; jobSchedules: Schedule[] };

export const noJobs = (): PartWiring => ({ jobHandlers: {}, jobSchedules: [] });
