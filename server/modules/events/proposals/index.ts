import type { Platform } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { type EventDeps, type PartWiring, noJobs } from '../deps.js';
import { callService } from './call.service.js';
import { feedbackService } from './feedback.service.js';
import { proposalsService } from './proposals.service.js';
import { reviewsService } from './reviews.service.js';
import { proposalRoutes } from './routes.js';
import { speakersService } from './speakers.service.js';

/**
 * Wires events/proposals: the call for presentations, proposals and blind reviews, accepted proposals
 * becoming sessions whose speakers confirm by mailed link, and session feedback.
 */
export function registerProposals(app: ZodApp, p: Platform, _deps: EventDeps): PartWiring {
  proposalRoutes(app, { call: callService(p), proposals: proposalsService(p), reviews: reviewsService(p), speakers: speakersService(p), feedback: feedbackService(p) });
  return noJobs();
}
