import type { JobHandler, Schedule } from '../../platform/jobs/worker.js';
import type { registerApplications } from '../applications/index.js';
import type { registerCpd } from '../cpd/index.js';
import type { registerPortfolio } from '../portfolio/index.js';
import type { registerRegister } from '../register/index.js';

/** What the organisations module is given by the others (through registerModules in app.ts). */
export type OrganisationDeps = {
  portfolio: ReturnType<typeof registerPortfolio>;
  applications: ReturnType<typeof registerApplications>;
  register: ReturnType<typeof registerRegister>;
  cpd: ReturnType<typeof registerCpd>;
};

/** What each part of the module hands back to app.ts. */
export type PartWiring = { jobHandlers: Record<string, JobHandler>; jobSchedules: Schedule[] };
