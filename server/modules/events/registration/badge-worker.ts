// The worker side of the badge PDF (badge.ts), drawn off the event loop.
import { serveTasks } from '../../../platform/workers.js';
import { type BadgeInput, badgePdf } from './badge.js';

serveTasks({ badge: (input: BadgeInput) => badgePdf(input) });
