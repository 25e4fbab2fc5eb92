
import type { EligibilityResult, EvidenceSummary, PortfolioItemBody, PortfolioView, SavedItem } from '../../../contracts/portfolio-api.js';
import type { OkBody, } from '../api.js';
import { call, send, } from '../api-core.js';

const seg = encodeURIComponent;

export const portfolio = {
  get: () => call<PortfolioView>('GET', '/api/v1/me/portfolio'),
  addItem: (item: PortfolioItemBody) => call<SavedItem>('POST', '/api/v1/me/portfolio/items', item),
  updateItem: (id: string, item: PortfolioItemBody) => call<SavedItem>('PUT', `/api/v1/me/portfolio/items/${seg(id)}`, item),
  deleteItem: (id: string) => call<OkBody>('DELETE', `/api/v1/me/portfolio/items/${seg(id)}`),
  addEvidenceLink: (body: { title: string; url: string; itemIds: string[] }) => call<EvidenceSummary>('POST', '/api/v1/me/evidence', body),
  uploadEvidence: (file: File, title: string, itemIds: string[]) => {
    const form = new FormData();
    form.set('title', title);
    for (const id of itemIds) form.append('itemIds', id);
    form.set('file', file);
    return send<EvidenceSummary>('/api/v1/me/evidence', form);
  },
  eligibility: () => call<EligibilityResult>('GET', '/api/v1/me/eligibility'),
  whatIf: (items: PortfolioItemBody[]) => call<EligibilityResult>('POST', '/api/v1/me/eligibility/what-if', { items }),
};
