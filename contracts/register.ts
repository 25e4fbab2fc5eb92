import { z } from 'zod';

/*
 * The public register and employer checks: searchRegister, listRegisterLevels, getRegisterListing,
 * updateRegisterListing, checkCredentials. No answer ever carries an e-mail address.
 */

export const credentialStatuses = ['active', 'suspended', 'lapsed', 'revoked'] as const;
export const CredentialStatus = z.enum(credentialStatuses);

/** Credential ids are UUIDs; anything else is refused with the place it was found. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const credentialId = z.string().regex(UUID, 'A credential id looks like 0190a5b2-7c1e-7abc-8def-0123456789ab');
// Empty query parameters (as a plain HTML form sends them) mean "not given".
const blankOr = (re: RegExp, message: string) => z.string().regex(re, message).optional();

export const SearchRegisterQuery = z.strictObject({
  q: z.string().max(100, 'Use at most 100 characters').optional().describe('Start of a given or family name; accents, case and apostrophes do not matter'),
  level: blankOr(/^([a-z0-9][a-z0-9-]{0,79})?$/, 'Choose a level from the list').describe('A level id, such as member'),
  country: blankOr(/^([A-Za-z]{2})?$/, 'Use a two-letter country code such as GB')
    .transform((c) => c?.toUpperCase())
    .describe('Two-letter country code'),
  credentialId: blankOr(new RegExp(`^(${UUID.source.slice(1, -1)})?$`, 'i'), 'A credential id looks like 0190a5b2-7c1e-7abc-8def-0123456789ab')
    .transform((c) => c?.toLowerCase())
    .describe('Exact credential id'),
  cursor: z.string().max(600).optional().describe('nextCursor of the previous page'),
  limit: z.coerce.number({ error: 'Give the page size as a number' }).int('Give a whole number').min(1, 'Ask for at least 1').max(50, 'Ask for at most 50 a page').default(20),
});
export type SearchRegisterQuery = z.output<typeof SearchRegisterQuery>;

export const RegisterCredential = z.object({
  id: z.string(),
  levelId: z.string(),
  levelName: z.string(),
  postNominals: z.string().nullable(),
  awardedAt: z.string(),
  status: CredentialStatus,
  url: z.string().describe('The public page of the credential'),
});
export const RegisterEntry = z
  .object({
    name: z.string(),
    country: z.string().nullable().describe('Only when the holder chose to show it'),
    credentials: z.array(RegisterCredential).describe('Newest award first; every status is shown as it is'),
  })
  .meta({ id: 'RegisterEntry' });
export type RegisterEntry = z.infer<typeof RegisterEntry>;
export const RegisterPage = z.object({
  results: z.array(RegisterEntry),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last. A filtered name search reads a bounded part of the register per page, so a page may hold fewer results than limit (even none) while more follow'),
});
export type RegisterPage = z.infer<typeof RegisterPage>;

export const RegisterLevels = z.object({ levels: z.array(z.object({ id: z.string(), name: z.string() })) });

export const RegisterListing = z.object({
  listed: z.boolean(),
  showCountry: z.boolean(),
  listCertifications: z.boolean().describe('Whether employers searching for candidates see your certifications'),
  listResponsibility: z.boolean().describe('Whether employers searching for candidates see your highest current responsibility level'),
  country: z.string().nullable().describe('The country on your profile'),
  credentials: z.number().int().describe('How many credentials you hold'),
  preview: RegisterEntry.nullable().describe('What the register shows of you; null while you do not appear'),
});
export type RegisterListing = z.infer<typeof RegisterListing>;
export const UpdateRegisterListingBody = z.strictObject({
  listed: z.boolean({ error: 'Say whether to be listed (true or false)' }),
  showCountry: z.boolean({ error: 'Say whether to show your country (true or false)' }),
  listCertifications: z.boolean({ error: 'Say whether employers may see your certifications (true or false)' }).default(false),
  listResponsibility: z.boolean({ error: 'Say whether employers may see your responsibility level (true or false)' }).default(false),
});

export const CheckCredentialsBody = z.strictObject({
  credentialIds: z.array(credentialId, { error: 'Give credentialIds as a list' }).min(1, 'Give at least one credential id').max(500, 'Check at most 500 credential ids at once'),
});
export const CredentialCheck = z.discriminatedUnion('found', [
  z.object({ credentialId: z.string(), found: z.literal(false) }),
  z.object({
    credentialId: z.string(),
    found: z.literal(true),
    listed: z.boolean().describe('Whether the holder chose to be listed in the public register'),
    holderName: z.string().nullable().describe('Only when the holder is listed'),
    levelId: z.string(),
    levelName: z.string(),
    postNominals: z.string().nullable(),
    status: CredentialStatus,
    awardedAt: z.string(),
    reviewAt: z.string(),
    url: z.string(),
  }),
]);
export const CredentialChecks = z.object({ checkedAt: z.string(), results: z.array(CredentialCheck) });
