/* An application's states and their plain words, without zod, for pages that only show them. */

export const applicationStates = [
  'draft',
  'awaiting_references',
  'submitted',
  'in_assessment',
  'information_requested',
  'awaiting_third_assessor',
  'recommended',
  'awaiting_fee',
  'awarded',
  'declined',
  'appealed',
  'withdrawn',
] as const;
export type ApplicationStateName = (typeof applicationStates)[number];

/** Plain words for each state, as members and staff see them. */
export const stateLabels: Record<ApplicationStateName, string> = {
  draft: 'Draft',
  awaiting_references: 'Waiting for referees',
  submitted: 'Waiting for an assessor',
  in_assessment: 'Being assessed',
  information_requested: 'More information requested',
  awaiting_third_assessor: 'With a third assessor',
  recommended: 'Waiting for a decision',
  awaiting_fee: 'Approved: fee to pay',
  awarded: 'Awarded',
  declined: 'Declined',
  appealed: 'Under appeal',
  withdrawn: 'Withdrawn',
};
