// The unsigned Open Badges 3.0 OpenBadgeCredential for an award, in the VC 2.0 data model, built
// from plain inputs. The holder is named privately: a salted SHA-256 of the e-mail address (an
// OB 3.0 IdentityObject), plus the holder's DID when one is linked.
import { createHash } from 'node:crypto';
import { type JsonObject, OB_V3_CONTEXT, VC_V2_CONTEXT } from '../document-loader.js';

export type IssuerProfile = { id: string; name: string; url: string; email?: string; image?: string };
export type Alignment = { targetName: string; targetUrl: string; targetFramework?: string; targetCode?: string; targetDescription?: string; targetType?: string };
export type AchievementInput = { id: string; name: string; description: string; criteria: string; image?: string; alignment?: Alignment[] };
export type HolderInput = { email: string; salt: string; did?: string };
export type OpenBadgeInput = {
  id: string; // urn:uuid:... or an https URL under PUBLIC_URL
  issuer: IssuerProfile;
  achievement: AchievementInput;
  holder: HolderInput;
  validFrom: Date;
  /** When the level was awarded, if before the credential was issued (an award brought from an earlier register). */
  awardedDate?: Date;
  validUntil?: Date;
  status?: JsonObject[];
};

/** "sha256$<hex>" of the normalised e-mail followed by the salt (OB 3.0 IdentityObject.identityHash). */
export function identityHash(email: string, salt: string): string {
  return `sha256$${createHash('sha256').update(email.trim().toLowerCase() + salt).digest('hex')}`;
}

const image = (id: string) => ({ id, type: 'Image' });

/** A level as an Open Badges 3.0 Achievement: inside each credential, and served on its own at /achievements. */
export function achievementJson(a: AchievementInput): JsonObject {
  return {
    id: a.id,
    type: ['Achievement'],
    achievementType: 'Certification',
    name: a.name,
    description: a.description,
    criteria: { narrative: a.criteria },
    ...(a.image ? { image: image(a.image) } : {}),
    ...(a.alignment?.length ? { alignment: a.alignment.map((x) => ({ type: ['Alignment'], ...x })) } : {}),
  };
}

export function buildOpenBadgeCredential(input: OpenBadgeInput): JsonObject {
  const { issuer, achievement: a, holder } = input;
  if (input.validUntil && input.validUntil <= input.validFrom) throw new Error('validUntil must be after validFrom');
  return {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: input.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: a.name,
    issuer: {
      id: issuer.id,
      type: ['Profile'],
      name: issuer.name,
      url: issuer.url,
      ...(issuer.email ? { email: issuer.email } : {}),
      ...(issuer.image ? { image: image(issuer.image) } : {}),
    },
    validFrom: input.validFrom.toISOString(),
    ...(input.awardedDate ? { awardedDate: input.awardedDate.toISOString() } : {}),
    ...(input.validUntil ? { validUntil: input.validUntil.toISOString() } : {}),
    credentialSubject: {
      ...(holder.did ? { id: holder.did } : {}),
      type: ['AchievementSubject'],
      identifier: [{ type: 'IdentityObject', identityHash: identityHash(holder.email, holder.salt), identityType: 'emailAddress', hashed: true, salt: holder.salt }],
      achievement: achievementJson(a),
    },
    ...(input.status?.length ? { credentialStatus: input.status } : {}),
  };
}
