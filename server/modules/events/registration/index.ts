import type { Platform, RequestContext } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { sealingSecret } from '../../../platform/sealed.js';
import { drawingPool, siblingModule } from '../../../platform/workers.js';
import { signCheckInCode } from '../codes.js';
import type { EventDeps, PartWiring } from '../deps.js';
import { agendaService } from './agenda.service.js';
import type { BadgeInput } from './badge.js';
import { guestService } from './guest.service.js';
import { WAITLIST_JOB, waitlistJob } from './offers.js';
import { organiserService } from './organiser.service.js';
import { registrationPages } from './pages.js';
import { registerService } from './register.service.js';
import { registrationRoutes } from './routes.js';

/** Wires events/registration: its routes and the waiting list's job (offers when a place frees; expiry every 15 minutes). */
export function registerRegistration(app: ZodApp, p: Platform, _deps: EventDeps): PartWiring {
  const reg = registerService(p);
  const agenda = agendaService(p);
  const organiser = organiserService(p, reg);
  const badges = drawingPool(siblingModule(import.meta.url, 'badge-worker'));
  app.addHook('onClose', () => badges.close());

  /** The holder's badge: only their own, confirmed registration. */
  async function badge(ctx: RequestContext, registrationId: string) {
    const r = ctx.actor && (await p.database.db.selectFrom('event_registrations').selectAll().where('id', '=', registrationId).where('user_id', '=', ctx.actor.userId).executeTakeFirst());
    if (!r) throw new DomainError('NOT_FOUND', 'The registration was not found.');
    if (r.status !== 'confirmed') throw new DomainError('CONFLICT', 'This registration is cancelled: it has no badge.');
    const e = await p.database.db.selectFrom('events').selectAll().where('id', '=', r.event_id).executeTakeFirstOrThrow();
    const t = await p.database.db.selectFrom('event_ticket_types').select('name').where('id', '=', r.ticket_type_id).executeTakeFirstOrThrow();
    const code = signCheckInCode(e, r.id, sealingSecret(p.config, (m) => p.logger.warn(m)));
    const input: BadgeInput = { eventTitle: e.title, dates: e.starts_on === e.ends_on ? e.starts_on : `${e.starts_on} – ${e.ends_on}`, name: r.name, organisation: r.organisation_name, ticketType: t.name, reference: r.reference, code, now: p.clock.now().toISOString() };
    return { pdf: await badges.draw<Uint8Array>('badge', input, 'the badge'), reference: r.reference };
  }

  registrationRoutes(app, { reg, guest: guestService(p, reg), agenda, organiser, badge });
  registrationPages(app, p.config, p.database.db, p.clock, reg);
  return {
    jobHandlers: { [WAITLIST_JOB]: waitlistJob(p) },
    jobSchedules: [{ name: 'events.waitlist-sweep', kind: WAITLIST_JOB, everyMs: 15 * 60_000 }],
  };
}
