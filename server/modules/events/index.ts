import type { Platform } from '../../platform/context.js';
import type { ZodApp } from '../../platform/http/zod-app.js';
import { registerCheckin } from './checkin/index.js';
import { registerClosing } from './closing/index.js';
import { registerEventsCore } from './core/index.js';
import type { EventDeps, PartWiring } from './deps.js';
import { registerExhibitors } from './exhibitors/index.js';
import { registerProposals } from './proposals/index.js';
import { registerRegistration } from './registration/index.js';

/**
 * The conference and events (decision 0023): the programme, calls for presentations and speakers,
 * exhibitors and sponsors, registration and waiting lists, signed check-in codes and session check-in,
 * and closing an event, which credits CPD and issues credentials of attendance. Each part lives in its own
 * folder; every event-scoped staff operation goes through access.ts.
 */
export function registerEvents(app: ZodApp, p: Platform, deps: EventDeps) {
  const parts: PartWiring[] = [
    registerEventsCore(app, p, deps),
    registerProposals(app, p, deps),
    registerRegistration(app, p, deps),
    registerCheckin(app, p, deps),
    registerExhibitors(app, p, deps),
    registerClosing(app, p, deps),
  ];
  return {
    jobHandlers: Object.assign({}, ...parts.map((x) => x.jobHandlers)) as PartWiring['jobHandlers'],
    jobSchedules: parts.flatMap((x) => x.jobSchedules),
  };
}
