/*
 * The CPD activity types, their labels and fields, and the reflection prompts: plain values, without zod, so
 * a page can show them without loading the validators; cpd.ts builds its schemas from these.
 */

export const cpdActivityTypes = [
  'training',
  'self-study',
  'certification',
  'promotion',
  'work-practice',
  'event',
  'speaking',
  'writing',
  'book',
  'committee',
  'mentoring',
  'volunteering',
] as const;
export type CpdActivityType = (typeof cpdActivityTypes)[number];

/** One type-specific field, described once for the validator and for the form that shows it. */
export type CpdField = { name: string; label: string; hint?: string; required: boolean; kind: 'text' | 'url' };
export type CpdTypeSpec = { label: string; hint: string; providerLabel: string; providerRequired: boolean; fields: CpdField[] };

const f = (name: string, label: string, required: boolean, hint?: string, kind: CpdField['kind'] = 'text'): CpdField => ({ name, label, required, kind, ...(hint ? { hint } : {}) });

/** Every activity type: its label, what the provider field means for it, and its own fields. */
export const cpdTypeSpecs: Record<CpdActivityType, CpdTypeSpec> = {
  training: { label: 'Formal training', hint: 'A course with a trainer, in a classroom or online', providerLabel: 'Training provider', providerRequired: true, fields: [f('format', 'Format', false, 'For example classroom, online or blended')] },
  'self-study': { label: 'Self-study', hint: 'Reading, e-learning or study on your own', providerLabel: 'Source (optional)', providerRequired: false, fields: [f('material', 'What you studied', true, 'The book, course or material')] },
  certification: { label: 'Certification', hint: 'An exam passed or a certification earned', providerLabel: 'Awarding body', providerRequired: true, fields: [f('certificateNumber', 'Certificate number', false)] },
  promotion: { label: 'Promotion or new responsibilities', hint: 'A new role or a clear step up in what you are responsible for', providerLabel: 'Employer', providerRequired: true, fields: [f('role', 'New role or responsibility', true)] },
  'work-practice': { label: 'Work-based practice with reflection', hint: 'Learning from your own work, written up as a reflection', providerLabel: 'Organisation (optional)', providerRequired: false, fields: [f('context', 'The work or project', true, 'What you did that you learned from')] },
  event: { label: 'Attending an event or session', hint: 'A conference, seminar, webinar or chapter meeting', providerLabel: 'Organiser', providerRequired: false, fields: [f('eventName', 'Event', true), f('sessions', 'Sessions attended', false)] },
  speaking: { label: 'Speaking', hint: 'A talk, panel or workshop you gave', providerLabel: 'Organiser (optional)', providerRequired: false, fields: [f('eventName', 'Event', true), f('audience', 'Audience', false, 'For example 80 practitioners')] },
  writing: { label: 'Writing a paper or article', hint: 'A published article, paper or blog post', providerLabel: 'Publisher (optional)', providerRequired: false, fields: [f('publication', 'Where it was published', true), f('url', 'Web address', false, undefined, 'url')] },
  book: { label: 'Contributing to a book', hint: 'Writing or editing a book or a chapter', providerLabel: 'Publisher (optional)', providerRequired: false, fields: [f('bookTitle', 'Book title', true), f('contribution', 'Your contribution', false, 'For example chapter 4, or editor')] },
  committee: { label: 'Serving on an industry body or committee', hint: 'A board, committee or working group', providerLabel: 'Body (optional)', providerRequired: false, fields: [f('body', 'Body or committee', true), f('role', 'Your role', true)] },
  mentoring: { label: 'Mentoring', hint: 'Mentoring another practitioner', providerLabel: 'Programme (optional)', providerRequired: false, fields: [f('mentee', 'Who you mentored', true, 'Initials or a short description, not a full name')] },
  volunteering: { label: 'Volunteering', hint: 'Volunteer work that uses your professional skills', providerLabel: 'Organisation', providerRequired: true, fields: [f('task', 'What you did', true)] },
};

/** Questions that help a member write a reflection; shown beside the reflection fields and on the plan. */
export const reflectionPrompts = [
  'What did you set out to learn, and why did it matter to your work?',
  'What is one thing you now do differently, or will try next week?',
  'What surprised you, or challenged something you believed?',
  'Who else in your team could benefit, and how will you share it?',
  'What will you look for to know it made a difference?',
];

/** Activities on one page of the member's log as the CPD page shows it; the server renders its first page with the same size. */
export const CPD_LOG_PAGE_SIZE = 20;
