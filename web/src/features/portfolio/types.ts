/* Shapes the portfolio pages read, from the shared contracts. */
export type { CertificationItem, ContributionItem, EducationItem, PortfolioItem, WorkItem } from '../../../../contracts/portfolio.js';
export type { EligibilityResult, Evaluation, EvidenceSummary, PortfolioView } from '../../../../contracts/portfolio-api.js';
