
import type { SchemeDetail, SchemeSummary, SchemeVersionReview, SchemeVersionSummary } from '../../../contracts/schemes-api.js';
import type { SaveSchemeDraftBody, SchemeDraftCheck } from '../../../contracts/scheme-drafts.js';
import { call, query, } from '../api-core.js';

const seg = encodeURIComponent;

export const schemes = {
  list: () => call<{ schemes: SchemeSummary[] }>('GET', '/api/v1/schemes'),
  get: (schemeId: string, versionId?: string) => call<SchemeDetail>('GET', `/api/v1/schemes/${seg(schemeId)}${query({ versionId })}`),
  upload: (schemeId: string, content: unknown) => call<SchemeVersionReview>('POST', `/api/v1/schemes/${seg(schemeId)}/versions`, content),
  impact: (schemeId: string, versionId: string) => call<SchemeVersionReview>('GET', `/api/v1/schemes/${seg(schemeId)}/versions/${seg(versionId)}/impact`),
  /** getSchemeVersion as a link: the stored file, downloaded when `download`. */
  versionFileUrl: (schemeId: string, versionId: string, download = true) => `/api/v1/schemes/${seg(schemeId)}/versions/${seg(versionId)}${download ? '?download=true' : ''}`,
  checkDraft: (schemeId: string, content: unknown) => call<SchemeDraftCheck>('POST', `/api/v1/schemes/${seg(schemeId)}/drafts/check`, { content }),
  saveDraft: (schemeId: string, body: SaveSchemeDraftBody) => call<SchemeVersionReview>('POST', `/api/v1/schemes/${seg(schemeId)}/drafts`, body),
  publish: (schemeId: string, versionId: string) => call<SchemeVersionSummary>('POST', `/api/v1/schemes/${seg(schemeId)}/versions/${seg(versionId)}/publish`),
};
