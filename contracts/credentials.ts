import { z } from 'zod';

/*
 * Issued credentials: getCredential, downloadCredential, getIssuerProfile, getStatusList, the DID
 * document, badges, status changes (suspendCredential, reinstateCredential, revokeCredential), issuer
 * keys (listIssuerKeys, rotateIssuerKey, retireIssuerKey) and a member's holder DID (getHolderDid, linkHolderDid,
 * unlinkHolderDid). No answer carries an e-mail address; the holder's name only when they chose to
 * be listed in the public register (or to the holder themself).
 */

export const CredentialStatus = z.enum(['active', 'suspended', 'lapsed', 'revoked']);

export const CredentialParams = z.strictObject({ credentialId: z.string().max(200) });
export const DownloadQuery = z.strictObject({
  format: z
    .enum(['jsonld', 'jwt', 'pdf', 'png', 'svg'], { error: 'Choose a format of jsonld, jwt, pdf, png or svg' })
    .describe('jsonld: the VC with its Data Integrity proof; jwt: the VC-JWT; pdf: the printable certificate; png, svg: the badge picture with the VC baked in (Open Badges 3.0 baking), so the picture itself verifies'),
});

export const CredentialLinks = z.object({
  page: z.string().describe('The public page of the credential'),
  verify: z.string().describe('The verification page (the certificate’s QR code points here)'),
  jsonld: z.string().describe('Download as JSON-LD (application/vc)'),
  jwt: z.string().describe('Download as VC-JWT (application/vc+jwt)'),
  pdf: z.string().describe('Download the PDF certificate'),
  badge: z.string().describe('The badge image (SVG)'),
  bakedPng: z.string().describe('Download the badge picture (PNG) with the credential baked in'),
  bakedSvg: z.string().describe('Download the badge picture (SVG) with the credential baked in'),
  linkedIn: z.string().describe('Add the credential to a LinkedIn profile'),
});

export const PublicCredential = z
  .object({
    id: z.string(),
    levelId: z.string(),
    levelName: z.string(),
    postNominals: z.string().nullable(),
    holderName: z.string().nullable().describe('Only when the holder chose to be listed in the public register (or to the holder)'),
    issuer: z.object({ id: z.string().describe('did:web of the body'), name: z.string(), url: z.string() }),
    status: CredentialStatus,
    statusChangedAt: z.string(),
    awardedAt: z.string(),
    reviewAt: z.string(),
    issuedAt: z.string().nullable().describe('When the verifiable credential was signed; null for a moment after an award'),
    credential: z.record(z.string(), z.unknown()).nullable().describe('The Open Badges 3.0 credential with its Data Integrity proof'),
    links: CredentialLinks,
  })
  .meta({ id: 'PublicCredential' });
export type PublicCredential = z.infer<typeof PublicCredential>;

export const StatusChangeBody = z.strictObject({
  reason: z.string().trim().min(3, 'Give a reason of at least 3 characters').max(1000, 'Use at most 1000 characters'),
});
export const StatusChange = z.object({ id: z.string(), status: CredentialStatus, statusChangedAt: z.string() });

export const IssuerKeys = z.object({
  did: z.string(),
  keys: z.array(
    z.object({
      id: z.string(),
      number: z.number().int(),
      publicKeyMultibase: z.string(),
      createdAt: z.string(),
      retiredAt: z.string().nullable(),
      current: z.boolean(),
      signed: z
        .object({
          credentials: z.number().int().describe('Level credentials signed with this key'),
          attendanceCredentials: z.number().int().describe('Credentials of attendance signed with this key'),
          statusLists: z.number().int().describe('Status lists are signed when served, by the key that signs now: every list for that key, none for the others'),
          firstUsedAt: z.string().nullable(),
          lastUsedAt: z.string().nullable(),
        })
        .describe('What the key signed'),
    }),
  ),
});

export const IssuerKeyParams = z.strictObject({ number: z.coerce.number({ error: 'Give the key’s number, as listIssuerKeys shows it' }).int('Give a whole number').min(1, 'Key numbers start at 1') });

export const HolderDid = z.object({ did: z.string().nullable(), linkedAt: z.string().nullable() });
export const LinkHolderDidBody = z.strictObject({
  did: z.string().trim().min(8, 'Give a DID such as did:key:z6Mk…').max(300, 'Use at most 300 characters').describe('did:key or did:web'),
});

export const LevelBadgeParams = z.strictObject({ levelFile: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,79}\.svg$/, 'Ask for <level id>.svg') });
export const StatusListParams = z.strictObject({ listId: z.string().max(80) });
export const AchievementParams = z.strictObject({ schemeId: z.string().max(80), levelId: z.string().max(80) });
