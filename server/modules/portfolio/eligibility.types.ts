/** What the eligibility engine returns; plain data, safe to send as JSON. */

export type FlagCode =
  | 'AWAITING_ASSESSOR' // free-form item not yet valued: counts 0
  | 'NOT_IN_CATALOGUE' // names a catalogue id this scheme version does not know: counts 0
  | 'WRONG_KIND' // names a certification as a qualification or the reverse: counts 0
  | 'NO_RULE' // the scheme has no rule that values this kind of item: counts 0
  | 'DUPLICATE' // the same non-repeatable catalogue entry held twice: counted once
  | 'RENAMED' // catalogue entry renamed since: counted as the new entry
  | 'RETIRED' // catalogue entry retired: still counted
  | 'CLAMPED' // assessor points outside the rule's range: brought into range
  | 'NOT_YET'; // dated after the evaluation date: not counted yet

export interface ItemFlag {
  itemId: string;
  code: FlagCode;
  message: string;
}

export interface CategoryResult {
  id: string;
  name: string;
  cap: number | null;
  /** Points before the cap. */
  earned: number;
  /** Points after the cap. */
  counted: number;
  /** One line per rule applied, then the category's total (with the cap when it bites). */
  lines: string[];
}

/** A concrete change: `count` × `unit`, adding `points` (already limited by the category's remaining room). */
export interface Suggestion {
  ruleId: string;
  category: string;
  unit: string;
  count: number;
  points: number;
  catalogueId?: string;
  hours?: number;
}

export type RequirementKind = 'enrolledInStudy' | 'minTotal' | 'minPerCategory' | 'minYearsExperience' | 'responsibility';

export interface Gap {
  requirement: RequirementKind;
  /** e.g. "12 more contribution points (8 of 20): e.g. a talk (10) and a year of mentoring (5)" */
  message: string;
  /** Points or months still missing (months for experience and responsibility). */
  shortfall: number;
  category?: string;
  suggestions: Suggestion[];
  /** YYYY-MM when the requirement is met by time alone if the current role continues. */
  reachedBy?: string;
}

export interface LevelResult {
  id: string;
  name: string;
  postNominals: string | null;
  order: number;
  /** Every requirement the portfolio itself can meet is met. */
  eligible: boolean;
  /** Steps outside the portfolio (nominations, panel decision), shown once eligible. */
  steps: string[];
  /** Unmet requirements; filled for levels above the one reached. */
  gaps: Gap[];
}

export interface Evaluation {
  scheme: { id: string; version: string };
  asOf: string;
  categories: CategoryResult[];
  totalEarned: number;
  total: number;
  /** ITSM experience with overlapping periods counted once. */
  experienceMonths: number;
  highestResponsibilityLevel: number | null;
  /** The highest level whose requirements are all met with no steps outstanding; null if none. */
  reached: { id: string; name: string; postNominals: string | null } | null;
  levels: LevelResult[];
  flags: ItemFlag[];
}
