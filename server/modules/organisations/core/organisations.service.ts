import type { z } from 'zod';
import type { AddDomainBody, CreateOrganisationBody, ListOrganisationsQuery, OrganisationDetailsBody, UpdateOrganisationBody } from '../../../../contracts/organisations.js';
import type { Tx } from '../../../db/database.js';
import type { OrganisationRole, OrganisationsTable } from '../../../db/schema-organisations.js';
import { audit } from '../../../platform/audit.js';
import { type Platform, type RequestContext, auditCtx, requireActor, requireRole } from '../../../platform/context.js';
import { DomainError, notFound } from '../../../platform/errors.js';
import { newId } from '../../../platform/ids.js';
import { queueMail } from '../../../platform/mail/outbox.js';
import { randomToken, sha256 } from '../../../platform/secrets.js';
import { organisationsOf, requireOrganisationRole } from '../membership.js';
import { coreRepository as repo } from './repository.js';
import { DOMAIN_LINK_DAYS, addDays, isOnDomain, slugOf } from './rules.js';
import { type PeopleService, logoUrlOf } from './people.service.js';

export const LOGO_MEDIA_TYPES = ['image/png', 'image/jpeg'] as const;
export const LOGO_MAX_BYTES = 1024 * 1024;
const STAFF = ['system_admin', 'scheme_admin'] as const;

/** Organisations themselves: created by staff or requested and approved, their details, logo and domains. */
export function organisationsService(p: Platform, people: PeopleService) {
  const db = p.database.db;
  const link = (path: string) => `${p.config.publicUrl}${path}`;

  /** A free slug: the one asked for (taken is a conflict) or one made from the name. */
  async function freeSlug(tx: Tx, asked: string | undefined, name: string): Promise<string> {
    if (asked) {
      if (await repo.bySlug(tx, asked)) throw new DomainError('CONFLICT', `The address name "${asked}" is taken; choose another.`, { field: 'slug', fields: { slug: ['This address name is taken; choose another'] } });
      return asked;
    }
    const base = slugOf(name);
    for (let n = 1; n < 50; n++) {
      const s = n === 1 ? base : `${base}-${n}`;
      if (!(await repo.bySlug(tx, s))) return s;
    }
    return `${base}-${randomToken(4).toLowerCase().replace(/[^a-z0-9]/g, '')}`;
  }

  function rowOf(body: z.output<typeof OrganisationDetailsBody>, slug: string, status: OrganisationsTable['status'], by: string, now: Date): OrganisationsTable {
    const at = now.toISOString();
    return {
      id: newId(),
      slug,
      name: body.name,
      country: body.country,
      website: body.website ?? null,
      description: body.description || null,
      logo_sha256: null,
      status,
      requested_by: status === 'requested' ? by : null,
      approved_by: status === 'active' ? by : null,
      approved_at: status === 'active' ? at : null,
      decision_reason: null,
      created_at: at,
      updated_at: at,
    };
  }

  async function view(organisationId: string, myRole: OrganisationRole | null) {
    const o = await repo.byId(db, organisationId);
    if (!o) throw notFound('The organisation');
    const domains = await repo.domains(db, organisationId);
    return {
      id: o.id,
      slug: o.slug,
      name: o.name,
      country: o.country,
      website: o.website,
      description: o.description,
      logoUrl: logoUrlOf(o),
      status: o.status,
      decisionReason: o.decision_reason,
      createdAt: o.created_at,
      approvedAt: o.approved_at,
      domains: domains.map((d) => ({ domain: d.domain, verified: d.verified_at !== null, verifiedAt: d.verified_at, verifiedEmail: d.verified_email, pendingEmail: d.verified_at ? null : d.pending_email })),
      myRole,
    };
  }

  /** A requested organisation, for a decision. */
  async function requested(tx: Tx, organisationId: string) {
    const o = await repo.byId(tx, organisationId);
    if (!o) throw notFound('The organisation');
    if (o.status !== 'requested') throw new DomainError('CONFLICT', `This organisation is ${o.status}, not waiting for a decision.`, { status: o.status });
    return o;
  }

  return {
    view,

    /** A system or scheme administrator creates an active organisation and invites its first administrator. */
    async create(ctx: RequestContext, body: z.output<typeof CreateOrganisationBody>) {
      const a = requireRole(ctx, STAFF);
      const now = p.clock.now();
      const id = await db.transaction().execute(async (tx) => {
        const row = rowOf(body, await freeSlug(tx, body.slug, body.name), 'active', a.userId, now);
        await repo.insert(tx, row);
        await audit(tx, auditCtx(ctx), { action: 'organisation.created', subjectType: 'organisation', subjectId: row.id, details: { name: row.name, slug: row.slug, adminEmail: body.adminEmail } }, now);
        await people.queueInvite(tx, ctx, row, body.adminEmail, 'admin', now);
        return row.id;
      });
      p.nudgeJobs();
      return view(id, null);
    },

    /** Anyone signed in asks for an organisation; they become its administrator once it is approved. */
    async request(ctx: RequestContext, body: z.output<typeof OrganisationDetailsBody>) {
      const a = requireActor(ctx);
      if (!a.emailVerified) throw new DomainError('EMAIL_NOT_VERIFIED', 'Confirm your e-mail address before asking for an organisation.');
      const now = p.clock.now();
      const id = await db.transaction().execute(async (tx) => {
        const row = rowOf(body, await freeSlug(tx, body.slug, body.name), 'requested', a.userId, now);
        await repo.insert(tx, row);
        await audit(tx, auditCtx(ctx), { action: 'organisation.requested', subjectType: 'organisation', subjectId: row.id, details: { name: row.name, slug: row.slug } }, now);
        return row.id;
      });
      return view(id, null);
    },

    async approve(ctx: RequestContext, organisationId: string, reason: string | undefined) {
      const a = requireRole(ctx, STAFF);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const o = await requested(tx, organisationId);
        await repo.update(tx, o.id, { status: 'active', approved_by: a.userId, approved_at: now.toISOString(), decision_reason: reason || null, updated_at: now.toISOString() });
        const requester = o.requested_by ? await repo.userById(tx, o.requested_by) : undefined;
        if (requester) {
          await repo.addMember(tx, o.id, requester.id, 'admin', a.userId, now);
          await queueMail(tx, requester.email, 'organisation_decided', { name: requester.name, organisationName: o.name, outcome: 'approved', reason: reason ?? '', link: link(`/organisations/${o.id}/settings`) }, now);
        }
        await audit(tx, auditCtx(ctx), { action: 'organisation.approved', subjectType: 'organisation', subjectId: o.id, details: { reason: reason ?? null, adminId: requester?.id ?? null } }, now);
      });
      p.nudgeJobs();
      return view(organisationId, null);
    },

    async decline(ctx: RequestContext, organisationId: string, reason: string) {
      requireRole(ctx, STAFF);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const o = await requested(tx, organisationId);
        await repo.update(tx, o.id, { status: 'declined', decision_reason: reason, updated_at: now.toISOString() });
        const requester = o.requested_by ? await repo.userById(tx, o.requested_by) : undefined;
        if (requester) await queueMail(tx, requester.email, 'organisation_decided', { name: requester.name, organisationName: o.name, outcome: 'declined', reason, link: link('/organisations/request') }, now);
        await audit(tx, auditCtx(ctx), { action: 'organisation.declined', subjectType: 'organisation', subjectId: o.id, details: { reason } }, now);
      });
      p.nudgeJobs();
      return view(organisationId, null);
    },

    /** Staff: every organisation (by status). Others: those they work for or asked for. */
    async list(ctx: RequestContext, query: z.output<typeof ListOrganisationsQuery>) {
      const a = requireActor(ctx);
      const staff = STAFF.some((r) => a.roles.has(r));
      const rows = await repo.list(db, { status: query.status, userId: staff ? undefined : a.userId });
      const mine = new Map((await repo.rolesIn(db, a.userId)).map((r) => [r.organisation_id, r.role]));
      return {
        organisations: rows.map((o) => ({
          id: o.id,
          slug: o.slug,
          name: o.name,
          country: o.country,
          status: o.status,
          requestedBy: o.requester_name && o.requester_email && (staff || o.requested_by === a.userId) ? { name: o.requester_name, email: o.requester_email } : null,
          createdAt: o.created_at,
          myRole: mine.get(o.id) ?? null,
        })),
      };
    },

    async listMine(ctx: RequestContext) {
      const a = requireActor(ctx);
      return { organisations: await organisationsOf(db, a.userId) };
    },

    async get(ctx: RequestContext, organisationId: string) {
      const c = await requireOrganisationRole(db, ctx, organisationId, ['admin', 'hr', 'line_manager'], { staff: true });
      return view(organisationId, c.role);
    },

    async update(ctx: RequestContext, organisationId: string, body: z.output<typeof UpdateOrganisationBody>) {
      const c = await requireOrganisationRole(db, ctx, organisationId, ['admin']);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        const patch: Partial<OrganisationsTable> = { updated_at: now.toISOString() };
        if (body.name !== undefined) patch.name = body.name;
        if (body.country !== undefined) patch.country = body.country;
        if (body.website !== undefined) patch.website = body.website;
        if (body.description !== undefined) patch.description = body.description || null;
        await repo.update(tx, organisationId, patch);
        await audit(tx, auditCtx(ctx), { action: 'organisation.updated', subjectType: 'organisation', subjectId: organisationId, details: { fields: Object.keys(body) } }, now);
      });
      return view(organisationId, c.role);
    },

    /** A logo (PNG or JPEG by content, at most 1 MB) kept in the file store. */
    async setLogo(ctx: RequestContext, organisationId: string, read: () => Promise<Buffer>) {
      const c = await requireOrganisationRole(db, ctx, organisationId, ['admin']);
      const now = p.clock.now();
      const stored = await p.files.put(await read(), { allowed: LOGO_MEDIA_TYPES, createdBy: c.actor.userId, now, maxBytes: LOGO_MAX_BYTES });
      await db.transaction().execute(async (tx) => {
        await repo.update(tx, organisationId, { logo_sha256: stored.sha256, updated_at: now.toISOString() });
        await audit(tx, auditCtx(ctx), { action: 'organisation.logo_changed', subjectType: 'organisation', subjectId: organisationId, details: { sha256: stored.sha256 } }, now);
      });
      return view(organisationId, c.role);
    },

    /** The logo of an active organisation, for its public page. */
    async logo(slug: string) {
      const o = await repo.bySlug(db, slug);
      if (!o || o.status !== 'active' || !o.logo_sha256) throw notFound('The logo');
      const f = await p.files.get(o.logo_sha256);
      if (!f) throw notFound('The logo');
      return f;
    },

    /** What anyone may see of an active organisation. */
    async publicProfile(slug: string) {
      const o = await repo.bySlug(db, slug);
      if (!o || o.status !== 'active') throw notFound('The organisation');
      const domains = await repo.domains(db, o.id);
      return {
        slug: o.slug,
        name: o.name,
        country: o.country,
        website: o.website,
        description: o.description,
        logoUrl: logoUrlOf(o),
        verifiedDomains: domains.filter((d) => d.verified_at).map((d) => d.domain),
      };
    },

    /**
     * Adds a domain (or sends a fresh link for one not yet confirmed) and mails a confirmation link to an
     * address on it. The domain counts only once an administrator of the organisation opens the link.
     */
    async addDomain(ctx: RequestContext, organisationId: string, body: z.output<typeof AddDomainBody>) {
      const c = await requireOrganisationRole(db, ctx, organisationId, ['admin']);
      if (!isOnDomain(body.email, body.domain)) {
        throw new DomainError('VALIDATION_FAILED', `The address must be on ${body.domain}, such as someone@${body.domain}.`, { issues: [{ path: 'body.email', message: `Give an address on ${body.domain}` }] });
      }
      const now = p.clock.now();
      const token = randomToken();
      await db.transaction().execute(async (tx) => {
        const o = await repo.byId(tx, organisationId);
        if (!o) throw notFound('The organisation');
        if (await repo.verifiedElsewhere(tx, organisationId, body.domain)) throw new DomainError('CONFLICT', `${body.domain} is already confirmed for another organisation.`, { field: 'domain' });
        const existing = await repo.domain(tx, organisationId, body.domain);
        if (existing?.verified_at) throw new DomainError('CONFLICT', `${body.domain} is already confirmed for this organisation.`, { field: 'domain' });
        const pending = { pending_email: body.email, token_hash: sha256(token), token_expires_at: addDays(now, DOMAIN_LINK_DAYS).toISOString() };
        if (existing) await repo.updateDomain(tx, organisationId, body.domain, pending);
        else await repo.insertDomain(tx, { organisation_id: organisationId, domain: body.domain, verified_at: null, verified_by: null, verified_email: null, created_at: now.toISOString(), ...pending });
        await queueMail(tx, body.email, 'organisation_domain', { organisationName: o.name, domain: body.domain, link: link(`/organisations/domains/${encodeURIComponent(token)}`), expiresOn: pending.token_expires_at.slice(0, 10) }, now);
        await audit(tx, auditCtx(ctx), { action: 'organisation.domain_added', subjectType: 'organisation', subjectId: organisationId, details: { domain: body.domain, email: body.email } }, now);
      });
      p.nudgeJobs();
      return view(organisationId, c.role);
    },

    async removeDomain(ctx: RequestContext, organisationId: string, domain: string) {
      const c = await requireOrganisationRole(db, ctx, organisationId, ['admin']);
      const now = p.clock.now();
      await db.transaction().execute(async (tx) => {
        if (!(await repo.domain(tx, organisationId, domain))) throw notFound('The domain');
        await repo.deleteDomain(tx, organisationId, domain);
        await audit(tx, auditCtx(ctx), { action: 'organisation.domain_removed', subjectType: 'organisation', subjectId: organisationId, details: { domain } }, now);
      });
      return view(organisationId, c.role);
    },

    /** The mailed link, opened by someone signed in as an administrator of that organisation. */
    async verifyDomain(ctx: RequestContext, token: string) {
      requireActor(ctx);
      const now = p.clock.now();
      const result = await db.transaction().execute(async (tx) => {
        const d = await repo.domainByToken(tx, sha256(token));
        if (!d || !d.token_expires_at || d.token_expires_at <= now.toISOString()) {
          throw new DomainError('INVALID_TOKEN', 'This confirmation link is not valid or has expired; an administrator can send a new one from the organisation settings.');
        }
        const c = await requireOrganisationRole(tx, ctx, d.organisation_id, ['admin']);
        if (await repo.verifiedElsewhere(tx, d.organisation_id, d.domain)) throw new DomainError('CONFLICT', `${d.domain} is already confirmed for another organisation.`);
        const at = now.toISOString();
        await repo.updateDomain(tx, d.organisation_id, d.domain, { verified_at: at, verified_by: c.actor.userId, verified_email: d.pending_email, token_hash: null, token_expires_at: null });
        await audit(tx, auditCtx(ctx), { action: 'organisation.domain_verified', subjectType: 'organisation', subjectId: d.organisation_id, details: { domain: d.domain, email: d.pending_email } }, now);
        return { organisationId: d.organisation_id, domain: d.domain, verifiedAt: at };
      });
      return result;
    },
  };
}
