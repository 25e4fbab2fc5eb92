import { CpdPlanContent } from '../../../contracts/cpd.js';
import type { Tx } from '../../db/database.js';
import { DomainError } from '../../platform/errors.js';
import { cpdRepository } from './cpd.repository.js';

/**
 * Appends one goal to a member's CPD plan in the caller's transaction (a goal an employer suggested and the
 * member accepted). The plan keeps its limits: CONFLICT when it already holds the most goals it may.
 */
export async function appendPlanGoal(tx: Tx, memberId: string, goal: { text: string; by: string | null }, now: Date): Promise<void> {
  const repo = cpdRepository();
  const row = await repo.planOf(tx, memberId);
  const plan = row ? CpdPlanContent.parse(JSON.parse(row.content)) : { goals: [], planned: [], reminders: [] };
  const next = CpdPlanContent.safeParse({ ...plan, goals: [...plan.goals, { text: goal.text, by: goal.by, done: false }] });
  if (!next.success) throw new DomainError('CONFLICT', `Your CPD plan cannot take this goal: ${next.error.issues[0]?.message ?? 'it is full'}. Remove a goal from your plan first.`);
  await repo.savePlan(tx, memberId, JSON.stringify(next.data), now.toISOString());
}
