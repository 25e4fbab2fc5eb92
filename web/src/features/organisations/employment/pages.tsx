/* The employment and sponsorship pages in one chunk: one lazy import for the three routes keeps the shell small. */
export { SponsorshipPage } from '../sponsorship/SponsorshipPage.js';
export { EmploymentPage } from './EmploymentPage.js';
export { MyEmploymentPage } from './MyEmploymentPage.js';
