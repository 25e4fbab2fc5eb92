import { z } from 'zod';
import { PortfolioItem } from './portfolio.js';

/*
 * Request and response bodies of the portfolio operations (getPortfolio, addPortfolioItem,
 * updatePortfolioItem, deletePortfolioItem, uploadEvidence, getEvidenceFile, getEligibility,
 * evaluateWhatIf). Items are the PortfolioItem of contracts/portfolio.ts; the server assigns item ids.
 */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * An item as sent to addPortfolioItem / updatePortfolioItem / evaluateWhatIf. Any `id` sent is ignored (the
 * server assigns ids; update takes it from the path), so an item read from getPortfolio can be sent back as is.
 */
export const PortfolioItemBody = z.preprocess((v) => (isObject(v) ? { ...v, id: 'pending' } : v), PortfolioItem);
export type PortfolioItemBody = z.input<typeof PortfolioItem>;

export const ItemParams = z.strictObject({ itemId: z.string().min(1).max(100) });
export const EvidenceParams = z.strictObject({ evidenceId: z.string().min(1).max(100) });

/** A notice about a saved item that does not block saving (overlapping jobs, retired catalogue entries). */
export const FieldNotice = z.object({ field: z.string(), message: z.string() });

export const ItemMeta = z.object({
  createdAt: z.string(),
  updatedAt: z.string(),
  notices: z.array(FieldNotice),
});

export const EvidenceSummary = z.object({
  id: z.string(),
  kind: z.enum(['file', 'link']),
  title: z.string(),
  url: z.string().nullable().describe('links only'),
  file: z.object({ sha256: z.string(), mediaType: z.string(), size: z.number().int() }).nullable().describe('files only'),
  /** getEvidenceFile's path for files; null for links. */
  href: z.string().nullable(),
  itemIds: z.array(z.string()),
  createdAt: z.string(),
});
export type EvidenceSummary = z.infer<typeof EvidenceSummary>;

/** getPortfolio: items (evidenceIds filled from the links), their metadata by item id, and the evidence. */
export const PortfolioView = z.object({
  items: z.array(PortfolioItem),
  meta: z.record(z.string(), ItemMeta),
  evidence: z.array(EvidenceSummary),
});
export type PortfolioView = z.infer<typeof PortfolioView>;

/** addPortfolioItem (201) and updatePortfolioItem: the saved item and its notices. */
export const SavedItem = z.object({ item: PortfolioItem, meta: ItemMeta });
export type SavedItem = z.infer<typeof SavedItem>;

/**
 * uploadEvidence with a JSON body (a link). A file is sent as multipart/form-data instead, with fields
 * `title`, `itemIds` (repeated, or comma-separated) and one part `file` (PDF, PNG or JPEG, at most 10 MB).
 */
export const EvidenceLinkBody = z.strictObject({
  title: z.string().trim().min(1, 'Give the evidence a title').max(200, 'Use at most 200 characters'),
  url: z.url({ message: 'Give a full web address such as https://example.org/certificate' }).max(2000),
  itemIds: z.array(z.string().min(1).max(100)).min(1, 'Attach the evidence to at least one item').max(50),
});
export { EVIDENCE_MAX_BYTES, EVIDENCE_MEDIA_TYPES } from './evidence-limits.js';

// ---- eligibility (mirrors server/modules/portfolio/eligibility.types.ts) ----

const Suggestion = z.object({
  ruleId: z.string(),
  category: z.string(),
  unit: z.string(),
  count: z.number(),
  points: z.number(),
  catalogueId: z.string().optional(),
  hours: z.number().optional(),
});
const Gap = z.object({
  requirement: z.enum(['enrolledInStudy', 'minTotal', 'minPerCategory', 'minYearsExperience', 'responsibility']),
  message: z.string(),
  shortfall: z.number(),
  category: z.string().optional(),
  suggestions: z.array(Suggestion),
  reachedBy: z.string().optional(),
});
const LevelResult = z.object({
  id: z.string(),
  name: z.string(),
  postNominals: z.string().nullable(),
  order: z.number(),
  eligible: z.boolean(),
  steps: z.array(z.string()),
  gaps: z.array(Gap),
});
export const Evaluation = z.object({
  scheme: z.object({ id: z.string(), version: z.string() }),
  asOf: z.string(),
  categories: z.array(
    z.object({ id: z.string(), name: z.string(), cap: z.number().nullable(), earned: z.number(), counted: z.number(), lines: z.array(z.string()) }),
  ),
  totalEarned: z.number(),
  total: z.number(),
  experienceMonths: z.number(),
  highestResponsibilityLevel: z.number().nullable(),
  reached: z.object({ id: z.string(), name: z.string(), postNominals: z.string().nullable() }).nullable(),
  levels: z.array(LevelResult),
  flags: z.array(z.object({ itemId: z.string(), code: z.string(), message: z.string() })),
});
export type Evaluation = z.infer<typeof Evaluation>;

/** getEligibility and evaluateWhatIf: the evaluation and the scheme version it was made under. */
export const EligibilityResult = z.object({
  schemeVersion: z.object({ id: z.string(), schemeId: z.string(), number: z.number().int(), label: z.string() }),
  evaluation: Evaluation,
  /** evaluateWhatIf only: the ids given to the hypothetical items (in body order), e.g. "what-if-1". */
  hypotheticalItemIds: z.array(z.string()).optional(),
});
export type EligibilityResult = z.infer<typeof EligibilityResult>;

/** evaluateWhatIf: hypothetical extra items and items left out; nothing is saved. */
export const WhatIfBody = z.strictObject({
  items: z.array(PortfolioItemBody).max(200, 'At most 200 hypothetical items').default([]),
  withoutItemIds: z.array(z.string().min(1).max(100)).max(2000).optional().describe('saved items to leave out of the evaluation'),
});

