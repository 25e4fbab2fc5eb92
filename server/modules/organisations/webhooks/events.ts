import type { Tx } from '../../../db/database.js';

/** A change to a member that organisations may be told of, subject to the member's consent. */
export type MemberEvent = {
  type: 'credential.awarded' | 'credential.suspended' | 'credential.reinstated' | 'credential.revoked' | 'credential.lapsed';
  memberId: string;
  credentialId: string;
  levelId: string;
  levelName: string;
};

/**
 * Queues one delivery per endpoint that subscribes to the event, of every organisation the member has
 * granted sight of their credentials, in the caller's transaction.
 */
export async function queueMemberEvent(_tx: Tx, _event: MemberEvent, _now: Date): Promise<void> {}

/** A change inside one organisation that its endpoints may subscribe to. */
export type OrganisationEvent = {
  type: 'consent.granted' | 'consent.revoked' | 'employment.confirmation_requested';
  organisationId: string;
  memberId: string;
  data: Record<string, unknown>;
};

/** Queues one delivery per endpoint of the organisation that subscribes to the event, in the caller's transaction. */
export async function queueOrganisationEvent(_tx: Tx, _event: OrganisationEvent, _now: Date): Promise<void> {}
