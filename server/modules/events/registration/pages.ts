import type { FastifyRequest, onSendHookHandler } from 'fastify';
import { EventSlugParams, reservedSlugs } from '../../../../contracts/events.js';
import { RegistrationOptions } from '../../../../contracts/events-registration.js';
import type { Config } from '../../../config.js';
import type { Db } from '../../../db/database.js';
import type { Clock } from '../../../platform/clock.js';
import { DomainError } from '../../../platform/errors.js';
import { contextOf } from '../../../platform/http/auth-hook.js';
import { asAnswered, renderPage, sendPage } from '../../../platform/http/pages.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { sha256 } from '../../../platform/secrets.js';
import { inZone } from './capacity.js';
import type { RegisterService } from './register.service.js';

/** What RegisterPage.tsx reads (useServerValue(`registration:<slug>`)). */
export type ServedOptions = { options: RegistrationOptions } | { error: string };

/** What ClaimPage.tsx reads (useServerValue('claim:offer')): the place held for the link's holder, or why there is none. */
export type ServedOffer = { offer: { name: string; eventTitle: string; eventSlug: string; ticketName: string; expiresAt: string; expiresIn: string } } | { error: string };

const answered = asAnswered(RegistrationOptions);
const notFound = (e: unknown) => e instanceof DomainError && e.code === 'NOT_FOUND';

/**
 * The offer a claim link names, read only (claiming stays the API's, claimWaitingListOffer): the same
 * words as the API's refusal when it has expired or was used.
 */
async function offerOf(db: Db, token: string, now: Date): Promise<ServedOffer> {
  const gone = { error: 'This claim link has expired or was already used. If you are still on the waiting list, you will be mailed when another place frees.' };
  if (token.length < 10 || token.length > 200) return gone;
  const w = await db
    .selectFrom('event_waitlist as w')
    .innerJoin('events as e', 'e.id', 'w.event_id')
    .innerJoin('event_ticket_types as t', 't.id', 'w.ticket_type_id')
    .select(['w.name', 'w.status', 'w.offer_expires_at', 'e.title', 'e.slug', 'e.time_zone', 't.name as ticket'])
    .where('w.offer_token_hash', '=', sha256(token))
    .executeTakeFirst();
  if (!w || w.status !== 'offered' || !w.offer_expires_at || w.offer_expires_at <= now.toISOString()) return gone;
  return { offer: { name: w.name, eventTitle: w.title, eventSlug: w.slug, ticketName: w.ticket, expiresAt: w.offer_expires_at, expiresIn: inZone(w.offer_expires_at, w.time_zone) } };
}

/** The token in a claim link's address ('' when there is none). */
function tokenOf(req: FastifyRequest): string {
  const t = (req.query as Record<string, unknown> | null)?.token;
  const first = Array.isArray(t) ? t[0] : t;
  return typeof first === 'string' ? first : '';
}

/**
 * The registration pages that people reach from outside, rendered on the server (decision 0019) and
 * hydrated by the app: an event's register page (its tickets and places left, and a signed-in visitor's
 * own registration) and the waiting list's claim page (the offer). Both read phones first; the forms
 * themselves need the app.
 */
export function registrationPages(app: ZodApp, config: Config, db: Db, clock: Clock, reg: RegisterService): void {
  app.get('/events/:slug/register', { config: { page: true }, schema: { hide: true, params: EventSlugParams } }, async (req, reply) => {
    const slug = req.params.slug;
    if ((reservedSlugs as readonly string[]).includes(slug)) return reply.callNotFound();
    let value: ServedOptions;
    let title = 'Event not found – Guildhall';
    try {
      const options = answered(await reg.options(contextOf(req), slug));
      value = { options };
      title = `Register: ${options.event.title} – Guildhall`;
    } catch (error) {
      if (!notFound(error)) throw error;
      value = { error: 'No event has this address.' };
    }
    const html = await renderPage(req, config, { url: req.url, title, module: 'src/features/events/registration/RegisterPage.tsx', mode: 'app', values: { [`registration:${slug}`]: value } });
    return sendPage(req, reply, html, 'options' in value ? 200 : 404);
  });

  // The link is a secret: its page is never stored, and links out of it do not carry its address.
  const secretPage: onSendHookHandler = (_req, reply, payload, done) => {
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    done(null, payload);
  };
  // (The hook's type names the default route config, which knows no `page`.)
  app.get('/events/claim', { config: { page: true }, schema: { hide: true }, onSend: secretPage as never }, async (req, reply) => {
    const token = tokenOf(req);
    const values = token ? { 'claim:offer': await offerOf(db, token, clock.now()) } : {};
    const html = await renderPage(req, config, { url: req.url, title: 'Claim your place – Guildhall', module: 'src/features/events/registration/ClaimPage.tsx', mode: 'app', values });
    return sendPage(req, reply, html);
  });
}
