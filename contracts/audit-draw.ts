import { z } from 'zod';

/* addTargetedAudit: a scheme administrator audits one holder on purpose (a complaint, a doubtful claim). */
export const AddTargetedAuditBody = z.strictObject({
  email: z.string().trim().toLowerCase().email('Give the e-mail address the holder signs in with').max(320),
  reason: z.string().trim().min(3, 'Say why this holder is audited (at least 3 characters); they are told').max(500, 'Keep the reason to 500 characters'),
});
export type AddTargetedAuditBody = z.infer<typeof AddTargetedAuditBody>;
