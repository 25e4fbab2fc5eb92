import { z } from 'zod';

/** exportSchemeFramework query: html (a page for people) or json (the CASE package); by default the Accept header decides. */
export const ExportSchemeFrameworkQuery = z.strictObject({ format: z.enum(['json', 'html']).optional() });
