import { z } from 'zod';
import { multiline } from './common.js';

/*
 * Organisations themselves (the core of the organisations module): an organisation's details, its
 * e-mail domains, its people and the invitations to join it.
 */

export const organisationRoleValues = ['admin', 'hr', 'line_manager'] as const;
export const OrganisationRole = z.enum(organisationRoleValues, { error: 'Choose a role: admin, hr or line_manager' });
export const OrganisationStatus = z.enum(['requested', 'active', 'declined', 'suspended']);

const name = z.string().trim().min(2, 'Give the organisation a name of at least 2 characters').max(120, 'Use at most 120 characters');
const country = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, 'Use a two-letter country code such as GB')
  .transform((s) => s.toUpperCase());
const slug = z
  .string()
  .trim()
  .min(2, 'Use at least 2 characters')
  .max(60, 'Use at most 60 characters')
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Use lower-case letters, digits and single hyphens, such as northwind-partners');
const website = z
  .string()
  .trim()
  .max(300, 'Use at most 300 characters')
  .refine((s) => /^https:\/\/[^\s/]+\.[^\s]+$/.test(s), 'Give the address starting with https://');
const description = multiline(z.string().trim().max(2000, 'Use at most 2,000 characters'));
/** A domain name as people write it: letters, digits and hyphens in dotted labels (lower-cased). */
export const DomainName = z
  .string()
  .trim()
  .toLowerCase()
  .max(253, 'Use at most 253 characters')
  .transform((s) => s.replace(/\.$/, ''))
  .refine((s) => /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(s), 'Give a domain name such as example.com');
const email = z.email('Give an e-mail address such as name@example.com').max(254).transform((s) => s.toLowerCase());

export const OrganisationDetailsBody = z.strictObject({
  name,
  country,
  slug: slug.optional(),
  website: website.optional(),
  description: description.optional(),
});
export const CreateOrganisationBody = OrganisationDetailsBody.extend({
  adminEmail: email.describe('The first administrator, who is invited by e-mail'),
  adminRole: z.literal('admin').optional(),
});
export const RequestOrganisationBody = OrganisationDetailsBody;
export const UpdateOrganisationBody = z
  .strictObject({ name: name.optional(), country: country.optional(), website: website.nullable().optional(), description: description.nullable().optional() })
  .refine((b) => Object.keys(b).length > 0, 'Change at least one field');
export const DecideOrganisationBody = z.strictObject({ reason: multiline(z.string().trim().min(1, 'Give a reason').max(2000, 'Use at most 2,000 characters')) });
export const ApproveOrganisationBody = z.strictObject({ reason: multiline(z.string().trim().max(2000, 'Use at most 2,000 characters')).optional() });
export const ListOrganisationsQuery = z.strictObject({ status: OrganisationStatus.optional() });
export const AddDomainBody = z.strictObject({ domain: DomainName, email: email.describe('An address on that domain where the confirmation link is sent') });
export const TokenBody = z.strictObject({ token: z.string().trim().min(10, 'The link is incomplete: open it again from the e-mail').max(200) });
export const InviteBody = z.strictObject({ email, role: OrganisationRole });
export const ChangeRoleBody = z.strictObject({ role: OrganisationRole });

export const OrganisationParams = z.strictObject({ organisationId: z.string().max(64) });
export const InviteParams = OrganisationParams.extend({ inviteId: z.string().max(64) });
export const PersonParams = OrganisationParams.extend({ userId: z.string().max(64) });
export const DomainParams = OrganisationParams.extend({ domain: z.string().max(253) });
export const SlugParams = z.strictObject({ slug: z.string().max(60) });

export const OrganisationDomain = z.object({
  domain: z.string(),
  verified: z.boolean(),
  verifiedAt: z.string().nullable(),
  verifiedEmail: z.string().nullable(),
  pendingEmail: z.string().nullable().describe('Where the confirmation link was last sent, while unconfirmed'),
});

export const Organisation = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    country: z.string(),
    website: z.string().nullable(),
    description: z.string().nullable(),
    logoUrl: z.string().nullable(),
    status: OrganisationStatus,
    decisionReason: z.string().nullable(),
    createdAt: z.string(),
    approvedAt: z.string().nullable(),
    domains: z.array(OrganisationDomain),
    myRole: OrganisationRole.nullable().describe("The caller's role in it (null for staff who are not on its staff)"),
  })
  .meta({ id: 'Organisation' });
export type Organisation = z.infer<typeof Organisation>;

export const OrganisationSummary = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  country: z.string(),
  status: OrganisationStatus,
  requestedBy: z.object({ name: z.string(), email: z.string() }).nullable(),
  createdAt: z.string(),
  myRole: OrganisationRole.nullable(),
});
export const OrganisationList = z.object({ organisations: z.array(OrganisationSummary) });

export const MyOrganisations = z.object({ organisations: z.array(z.object({ id: z.string(), name: z.string(), slug: z.string(), role: OrganisationRole })) });

export const PublicOrganisation = z
  .object({ slug: z.string(), name: z.string(), country: z.string(), website: z.string().nullable(), description: z.string().nullable(), logoUrl: z.string().nullable(), verifiedDomains: z.array(z.string()) })
  .meta({ id: 'PublicOrganisation' });
export type PublicOrganisation = z.infer<typeof PublicOrganisation>;

export const OrganisationInvite = z.object({ id: z.string(), email: z.string(), role: OrganisationRole, createdAt: z.string(), expiresAt: z.string(), state: z.enum(['pending', 'accepted', 'revoked', 'expired']) });
export const OrganisationPerson = z.object({ userId: z.string(), name: z.string(), email: z.string(), role: OrganisationRole, addedAt: z.string() });
export const OrganisationPeople = z.object({ people: z.array(OrganisationPerson), invites: z.array(OrganisationInvite) });
export const AcceptedInvite = z.object({ organisationId: z.string(), name: z.string(), role: OrganisationRole });
export const VerifiedDomain = z.object({ organisationId: z.string(), domain: z.string(), verifiedAt: z.string() });
