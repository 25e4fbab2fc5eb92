// The public side of an issued credential: its answer (getCredential), its downloads (JSON-LD, VC-JWT,
// PDF certificate, and the badge picture as SVG or PNG with the credential baked in), badge images, the achievement, and the Open Graph description of its page and
// the picture a link preview shows (share-image.ts).
import type { PublicCredential } from '../../../../contracts/credentials.js';
import { type Platform, type RequestContext, hasScope } from '../../../platform/context.js';
import { DomainError } from '../../../platform/errors.js';
import type { SchemesService } from '../../schemes/schemes.service.js';
import { achievementOf, badgeUrl } from '../issuing/achievement.js';
import { bakePng, bakeSvg } from '../baking.js';
import { issuerSealSvg, levelBadgeSvg } from '../issuing/badge.js';
import { type CertificateInput, certificatePdf } from '../issuing/certificate.js';
import type { CredentialView, CredentialsRepository } from '../credentials.repository.js';
import { type JsonObject, OB_V3_CONTEXT, VC_V2_CONTEXT } from '../document-loader.js';
import type { IssuerService } from '../issuing/issuer.service.js';
import { achievementJson } from '../issuing/open-badge.js';
import { SHARE_HEIGHT, SHARE_WIDTH, shareImageRenderer, shareImageSvg, shareImageVersion } from './share-image.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_CACHED = 50_000;

export type Download = { body: string | Uint8Array; contentType: string; filename: string };
export type OgImage = { url: string; type: string; width?: number; height?: number; alt: string };
export type OgTags = { title: string; description: string; image: OgImage; url: string; siteName: string; found: boolean };

const unknownCredential = (id: string) =>
  new DomainError('NOT_FOUND', `No credential has the id "${id.slice(0, 80)}". Check the id on the certificate or link (it looks like 0190a5b2-7c1e-7abc-8def-0123456789ab).`);

/**
 * The holder's name as the public may see it: only when the holder chose to be listed in the public
 * register (register_listings), or to the holder themself (with an API token, one carrying credentials:read).
 * One place, so the rule changes in one place.
 */
export function shownHolderName(v: Pick<CredentialView, 'holder_id' | 'holder_name' | 'listed'>, ctx: RequestContext | null): string | null {
  const holder = ctx?.actor?.userId === v.holder_id && hasScope(ctx.actor, 'credentials:read');
  return v.listed || holder ? v.holder_name : null;
}

/** `drawCertificate` draws the printable certificate (on a worker thread in the app; certificatePdf itself will do). */
export function publicService(
  p: Platform,
  repo: CredentialsRepository,
  issuer: IssuerService,
  schemes: Pick<SchemesService, 'inForce'>,
  drawCertificate: (input: CertificateInput) => Promise<Uint8Array> = certificatePdf,
) {
  const { db } = p.database;
  const publicUrl = p.config.publicUrl;
  // Issued documents never change, so they are kept without invalidation (bounded).
  const issued = new Map<string, JsonObject>();
  const shareImages = shareImageRenderer();
  // Badge pictures as PNG, one rendering per level's drawing; the credential is baked into a copy per download.
  const badgePngs = shareImageRenderer(64);

  const links = (v: Pick<CredentialView, 'id' | 'level_name' | 'post_nominals' | 'awarded_at' | 'level_id'>, bodyName: string) => {
    const page = `${publicUrl}/credentials/${v.id}`;
    const download = `${publicUrl}/api/v1/credentials/${v.id}/download?format=`;
    const awarded = new Date(v.awarded_at);
    // LinkedIn's "add a licence or certification" form, filled in (https://addtoprofile.linkedin.com/).
    const linkedIn = new URL('https://www.linkedin.com/profile/add');
    linkedIn.search = new URLSearchParams({
      startTask: 'CERTIFICATION_NAME',
      name: v.post_nominals ? `${v.level_name} (${v.post_nominals})` : v.level_name,
      organizationName: bodyName,
      issueYear: String(awarded.getUTCFullYear()),
      issueMonth: String(awarded.getUTCMonth() + 1),
      certUrl: page,
      certId: v.id,
    }).toString();
    return { page, verify: `${publicUrl}/verify?credential=${v.id}`, jsonld: `${download}jsonld`, jwt: `${download}jwt`, pdf: `${download}pdf`, badge: badgeUrl(publicUrl, v.level_id), bakedPng: `${download}png`, bakedSvg: `${download}svg`, linkedIn: linkedIn.href };
  };

  async function view(id: string): Promise<CredentialView> {
    const v = UUID.test(id) ? await repo.view(db, id.toLowerCase()) : undefined;
    if (!v) throw unknownCredential(id);
    return v;
  }

  async function level(levelId: string) {
    const v = await schemes.inForce();
    const l = v?.scheme.levels.find((x) => x.id === levelId);
    return v && l ? { scheme: v.scheme, level: l } : null;
  }

  const awardedOn = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const stateOf = (status: CredentialView['status']) => (status === 'active' ? 'A verifiable credential' : `A ${status} credential`);
  const headingOf = (v: Pick<CredentialView, 'level_name' | 'post_nominals'>) => (v.post_nominals ? `${v.level_name} (${v.post_nominals})` : v.level_name);

  /** The share picture of a credential as SVG: what the public page shows, never more. */
  async function shareDrawing(v: CredentialView): Promise<string> {
    const [profile, body, found] = await Promise.all([issuer.profile(), repo.body(db), level(v.level_id)]);
    return shareImageSvg({
      badgeSvg: levelBadgeSvg({ levelName: v.level_name, postNominals: v.post_nominals, order: found?.level.order ?? 0, bodyShortName: body?.short_name ?? 'Guildhall' }),
      holderName: shownHolderName(v, null),
      heading: headingOf(v),
      bodyName: profile.name,
      caption: `${stateOf(v.status)}, awarded ${awardedOn(v.awarded_at)}`,
      footer: `Check it at ${publicUrl.replace(/^https?:\/\//, '')}/verify`,
    });
  }

  return {
    shownHolderName,

    /** The signed JSON-LD credential of one of our credential ids (for verification by id), or undefined. */
    async issuedCredential(id: string): Promise<JsonObject | undefined> {
      const hit = issued.get(id);
      if (hit) return hit;
      if (!UUID.test(id)) return undefined;
      const row =
        (await repo.issued(db, id.toLowerCase())) ??
        // A credential of attendance (events/closing) is one of ours too, kept in its own table.
        (await db.selectFrom('event_attendance_credentials').select('jsonld').where('id', '=', id.toLowerCase()).executeTakeFirst());
      if (!row) return undefined;
      const doc = JSON.parse(row.jsonld) as JsonObject;
      if (issued.size >= MAX_CACHED) issued.clear(); // a bound, not an LRU: refilled on demand
      issued.set(id, doc);
      return doc;
    },

    async get(ctx: RequestContext | null, id: string): Promise<PublicCredential> {
      const v = await view(id);
      const profile = await issuer.profile();
      return {
        id: v.id,
        levelId: v.level_id,
        levelName: v.level_name,
        postNominals: v.post_nominals,
        holderName: shownHolderName(v, ctx),
        issuer: { id: profile.id, name: profile.name, url: profile.url },
        status: v.status,
        statusChangedAt: v.status_changed_at,
        awardedAt: v.awarded_at,
        reviewAt: v.review_at,
        issuedAt: v.issued_at,
        credential: v.jsonld ? (JSON.parse(v.jsonld) as JsonObject) : null,
        links: links(v, profile.name),
      };
    },

    async download(ctx: RequestContext | null, id: string, format: 'jsonld' | 'jwt' | 'pdf' | 'png' | 'svg'): Promise<Download> {
      const v = await view(id);
      const base = `credential-${v.id}`;
      if (format === 'pdf') {
        const profile = await issuer.profile();
        const pdf = await drawCertificate({
          bodyName: profile.name,
          holderName: shownHolderName(v, ctx),
          levelName: v.level_name,
          postNominals: v.post_nominals,
          awardedAt: v.awarded_at,
          reviewAt: v.review_at,
          credentialId: v.id,
          status: v.status,
          verifyUrl: `${publicUrl}/verify?credential=${v.id}`,
          now: p.clock.now(),
        });
        return { body: pdf, contentType: 'application/pdf', filename: `certificate-${v.id}.pdf` };
      }
      if (!v.jsonld || !v.jwt) throw new DomainError('UNAVAILABLE', 'This credential was awarded moments ago and is still being signed; try again in a minute.', { retryAfterSeconds: 30 });
      if (format === 'png' || format === 'svg') {
        // The level's badge with the signed credential baked in (Open Badges 3.0): the picture itself verifies.
        const found = await level(v.level_id);
        const body = await repo.body(db);
        const svg = levelBadgeSvg({ levelName: v.level_name, postNominals: v.post_nominals, order: found?.level.order ?? 0, bodyShortName: body?.short_name ?? 'Guildhall' });
        return format === 'svg'
          ? { body: bakeSvg(svg, v.jsonld), contentType: 'image/svg+xml', filename: `badge-${v.id}.svg` }
          : { body: bakePng(await badgePngs.png(svg).png, v.jsonld), contentType: 'image/png', filename: `badge-${v.id}.png` };
      }
      // Media types of VC 2.0 (application/vc) and VC-JOSE-COSE (application/vc+jwt).
      return format === 'jsonld'
        ? { body: v.jsonld, contentType: 'application/vc', filename: `${base}.json` }
        : { body: v.jwt, contentType: 'application/vc+jwt', filename: `${base}.jwt` };
    },

    /** The level's badge image, from the scheme in force; null for an unknown level. */
    async badge(levelId: string): Promise<string | null> {
      const found = await level(levelId);
      if (!found) return null;
      const body = await repo.body(db);
      return levelBadgeSvg({ levelName: found.level.name, postNominals: found.level.postNominals, order: found.level.order, bodyShortName: body?.short_name ?? 'Guildhall' });
    },

    async issuerImage(): Promise<string> {
      const body = await repo.body(db);
      return issuerSealSvg({ name: body?.name ?? 'Guildhall', shortName: body?.short_name ?? 'GH' });
    },

    /** The achievement (a level) as Open Badges 3.0 JSON-LD; null for an unknown scheme or level. */
    async achievement(schemeId: string, levelId: string): Promise<JsonObject | null> {
      const found = await level(levelId);
      if (!found || found.scheme.id !== schemeId) return null;
      const a = achievementOf(found.scheme, found.level, publicUrl);
      return {
        '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
        ...achievementJson(a),
        creator: { id: issuer.did, type: ['Profile'], name: (await issuer.profile()).name },
      };
    },

    /** A credential's share picture as PNG, rendered once per distinct drawing; its version names the drawing. */
    async shareImage(id: string): Promise<{ version: string; png: Promise<Buffer> }> {
      return shareImages.png(await shareDrawing(await view(id)));
    },

    /** Whether this user holds the credential: its page offers only its holder "Add to LinkedIn". */
    async heldBy(id: string, userId: string): Promise<boolean> {
      const v = await view(id).catch(() => null);
      return v?.holder_id === userId;
    },

    /** What a link preview shows of a credential page: never more than the public answer says. */
    async ogTags(id: string): Promise<OgTags> {
      const profile = await issuer.profile();
      const v = await view(id).catch(() => null);
      if (!v) {
        const image = { url: `${publicUrl}/issuer/image.svg`, type: 'image/svg+xml', alt: `The seal of ${profile.name}` };
        return { title: `Credential not found — ${profile.name}`, description: 'No credential has this id.', image, url: `${publicUrl}/credentials/${encodeURIComponent(id)}`, siteName: profile.name, found: false };
      }
      const holder = shownHolderName(v, null);
      const title = `${holder ? `${holder}: ` : ''}${headingOf(v)} — ${profile.name}`;
      // The picture's URL carries its version, so a preview cached elsewhere is replaced when it changes.
      const version = shareImageVersion(await shareDrawing(v));
      return {
        title,
        description: `${stateOf(v.status)} awarded by ${profile.name} on ${awardedOn(v.awarded_at)}. Check it at ${publicUrl}/verify?credential=${v.id}.`,
        image: { url: `${publicUrl}/credentials/${v.id}/share.png?v=${version}`, type: 'image/png', width: SHARE_WIDTH, height: SHARE_HEIGHT, alt: `The ${v.level_name} badge of ${profile.name}${holder ? `, held by ${holder}` : ''}` },
        url: `${publicUrl}/credentials/${v.id}`,
        siteName: profile.name,
        found: true,
      };
    },
  };
}

export type PublicService = ReturnType<typeof publicService>;
