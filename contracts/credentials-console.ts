import { z } from 'zod';
import { CredentialStatus } from './credentials.js';

/*
 * The staff console of credentials (scheme administrators): findCredentials, getCredentialHistory,
 * changeCredentialStatus (suspend, reinstate or revoke, with a reason mailed to the holder) and
 * reissueCredential (a freshly signed credential after a name change; the old one superseded).
 */

export const FindCredentialsQuery = z.strictObject({
  q: z.string().trim().max(200, 'Use at most 200 characters').optional().describe('Part of the holder’s name or e-mail address, or a credential id'),
  level: z.string().max(80).optional().describe('A level id, such as member'),
  status: CredentialStatus.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const ConsoleCredential = z.object({
  id: z.string(),
  holderId: z.string(),
  holderName: z.string(),
  holderEmail: z.string(),
  levelId: z.string(),
  levelName: z.string(),
  postNominals: z.string().nullable(),
  status: CredentialStatus,
  statusChangedAt: z.string(),
  awardedAt: z.string(),
  reviewAt: z.string(),
  issuedAt: z.string().nullable().describe('When the verifiable credential was signed; null until the issuing job has run'),
});
export const ConsoleCredentialList = z.object({ credentials: z.array(ConsoleCredential), total: z.number().int() });

export const HistoryEntry = z.object({
  at: z.string(),
  what: z.enum(['awarded', 'issued', 'status_changed', 'reissued', 'reissued_from', 'other']),
  action: z.string().describe('The audit log’s action, or credential.issued for the signing'),
  by: z.string().nullable().describe('Who did it, by name; null for the system'),
  from: CredentialStatus.nullable(),
  to: CredentialStatus.nullable(),
  reason: z.string().nullable(),
  otherCredentialId: z.string().nullable().describe('For a re-issue, the credential on the other side'),
});

export const CredentialHistory = z.object({
  credential: ConsoleCredential,
  keyNumber: z.number().int().nullable().describe('The issuer key that signed it'),
  verifyUrl: z.string(),
  pageUrl: z.string(),
  history: z.array(HistoryEntry).describe('Oldest first'),
  allowed: z.array(z.enum(['suspended', 'active', 'revoked'])).describe('The statuses it may be changed to now'),
  canReissue: z.boolean(),
});

export const ChangeStatusBody = z.strictObject({
  to: z.enum(['suspended', 'active', 'revoked'], { error: 'Choose suspended, active (reinstate) or revoked' }),
  reason: z.string().trim().min(3, 'Give a reason of at least 3 characters').max(1000, 'Use at most 1000 characters'),
  confirmRevoke: z.boolean().optional().describe('Must be true to revoke: revoking is final'),
});

export const ReissueBody = z.strictObject({
  reason: z.string().trim().min(3, 'Give a reason of at least 3 characters').max(1000, 'Use at most 1000 characters'),
});
export const Reissued = z.object({ id: z.string().describe('The new credential'), replaces: z.string(), status: CredentialStatus });
