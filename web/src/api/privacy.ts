import type { ConsentList, DataExport, DataExportList, Erasure, ErasureList, RetentionReport } from '../../../contracts/privacy.js';
import { call, query } from '../api-core.js';

const seg = encodeURIComponent;

/** Consent records, the subject-access archive, erasure and the retention report. */
export const privacy = {
  consents: (memberId?: string) => call<ConsentList>('GET', `/api/v1/privacy/consents${query({ memberId })}`),
  setConsent: (body: { purpose: 'marketing_mail'; agreed: boolean; textVersion?: string }) => call<ConsentList>('POST', '/api/v1/me/privacy/consents', body),
  exportData: (memberId?: string) => call<DataExport>('POST', '/api/v1/privacy/exports', memberId ? { memberId } : {}),
  exports: (memberId?: string) => call<DataExportList>('GET', `/api/v1/privacy/exports${query({ memberId })}`),
  getExport: (id: string) => call<DataExport>('GET', `/api/v1/privacy/exports/${seg(id)}`),
  erase: (body: { email: string; reason: string }) => call<Erasure>('POST', '/api/v1/admin/erasures', body),
  erasures: () => call<ErasureList>('GET', '/api/v1/admin/erasures'),
  retention: () => call<RetentionReport>('GET', '/api/v1/admin/retention'),
};
export type { ConsentList, DataExport, Erasure, RetentionReport };
