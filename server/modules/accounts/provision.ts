import type { Role } from '../../../contracts/accounts.js';
import type { Db, Tx } from '../../db/database.js';
import { audit, type AuditContext } from '../../platform/audit.js';
import { DomainError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { hashPassword } from '../../platform/passwords.js';
import { accountsRepository } from './accounts.repository.js';
import { passwordProblems } from './accounts.rules.js';

export type ProvisionInput = {
  email: string;
  name: string;
  roles: Role[];
  password?: string;
  /** A precomputed hash, so bulk seeding need not hash the same password many times. */
  passwordHash?: string;
  verified?: boolean;
  country?: string | null;
  createdAt?: Date;
};

/** Creates a user directly (operators' CLI and demo data), bypassing e-mail verification. */
export async function provisionUser(q: Db | Tx, input: ProvisionInput, by: AuditContext, now: Date): Promise<string> {
  const repo = accountsRepository();
  const email = input.email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new DomainError('VALIDATION_FAILED', `"${input.email}" is not an e-mail address.`, { field: 'email' });
  if (!input.name.trim()) throw new DomainError('VALIDATION_FAILED', 'A name is required.', { field: 'name' });
  if (input.password !== undefined) {
    const problems = passwordProblems(input.password, { email });
    if (problems.length) throw new DomainError('WEAK_PASSWORD', problems.join(' '), { field: 'password' });
  }
  if (await repo.findUserByEmail(q, email)) throw new DomainError('CONFLICT', `A user with e-mail ${email} already exists.`, { field: 'email' });
  const id = newId();
  const created = (input.createdAt ?? now).toISOString();
  await repo.insertUser(q, {
    id,
    email,
    name: input.name.trim(),
    password_hash: input.passwordHash ?? (input.password !== undefined ? await hashPassword(input.password) : null),
    email_verified_at: input.verified === false ? null : created,
    status: 'active',
    country: input.country ?? null,
    created_at: created,
    updated_at: created,
  });
  for (const role of new Set<Role>(['member', ...input.roles])) await repo.grantRole(q, id, role, by.actorId, now.toISOString());
  await audit(q, by, { action: 'account.provisioned', subjectType: 'user', subjectId: id, details: { roles: input.roles } }, now);
  return id;
}
