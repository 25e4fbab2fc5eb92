
import type { SchemeVersionReview, } from '../../../contracts/schemes-api.js';
import { call, query, } from '../api-core.js';

const seg = encodeURIComponent;

/** The CASE framework exchange of a scheme: where to download the export, and importing a package as a draft. */
export const schemeFramework = {
  exportUrl: (schemeId: string) => `/api/v1/schemes/${seg(schemeId)}/framework/case`,
  importPackage: (schemeId: string, casePackage: unknown, version?: string) =>
    call<SchemeVersionReview>('POST', `/api/v1/schemes/${seg(schemeId)}/framework/case${query({ version })}`, casePackage),
};
