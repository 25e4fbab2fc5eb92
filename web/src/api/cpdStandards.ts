import type { z } from 'zod';
import type { AddTargetedAuditBody } from '../../../contracts/audit-draw.js';
import type { AddCpdProviderCodeBody, CpdAuditSampleResult, CreateCpdProviderBody, RunCpdAuditSampleBody, CpdAuditList as CpdAuditListView, CpdImportList as CpdImportListView, ReviewAuditActivityBody, SubmitAuditEvidenceBody } from '../../../contracts/cpd-standards.js';
import type { CpdAudit, CpdImport, CpdProvider, OkBody, } from '../api.js';
import { call, query, send, } from '../api-core.js';

const seg = encodeURIComponent;

/** Keeping CPD standards: provider imports, audits, and the member's export (see contracts/cpd-standards.ts). */
export const cpdStandards = {
  providers: () => call<{ items: CpdProvider[] }>('GET', '/api/v1/cpd/providers'),
  createProvider: (body: z.input<typeof CreateCpdProviderBody>) => call<CpdProvider>('POST', '/api/v1/cpd/providers', body),
  addCode: (id: string, body: z.input<typeof AddCpdProviderCodeBody>) => call<CpdProvider['codes'][number]>('POST', `/api/v1/cpd/providers/${seg(id)}/codes`, body),
  addUser: (id: string, email: string) => call<CpdProvider['users'][number]>('POST', `/api/v1/cpd/providers/${seg(id)}/users`, { email }),
  removeUser: (id: string, userId: string) => call<OkBody>('DELETE', `/api/v1/cpd/providers/${seg(id)}/users/${seg(userId)}`),
  suspendProvider: (id: string, reason: string) => call<CpdProvider>('POST', `/api/v1/cpd/providers/${seg(id)}/suspend`, { reason }),
  reactivateProvider: (id: string) => call<CpdProvider>('POST', `/api/v1/cpd/providers/${seg(id)}/reactivate`),
  imports: () => call<z.infer<typeof CpdImportListView>>('GET', '/api/v1/cpd/imports'),
  getImport: (id: string) => call<CpdImport>('GET', `/api/v1/cpd/imports/${seg(id)}`),
  uploadImport: (file: File, providerId?: string) => {
    const form = new FormData();
    if (providerId) form.set('providerId', providerId);
    form.set('file', file);
    return send<CpdImport>('/api/v1/cpd/imports', form);
  },
  audits: (q: { status?: string; scope?: 'mine' | 'all' } = {}) => call<z.infer<typeof CpdAuditListView>>('GET', `/api/v1/cpd/audits${query(q)}`),
  audit: (id: string) => call<CpdAudit>('GET', `/api/v1/cpd/audits/${seg(id)}`),
  submitEvidence: (id: string, body: z.input<typeof SubmitAuditEvidenceBody>) => call<CpdAudit>('POST', `/api/v1/cpd/audits/${seg(id)}/evidence`, body),
  review: (id: string, activityId: string, body: z.input<typeof ReviewAuditActivityBody>) => call<CpdAudit>('POST', `/api/v1/cpd/audits/${seg(id)}/items/${seg(activityId)}/review`, body),
  /** startAuditDraw: the year's sample (from the seed given, or a new one it answers) and targeted cases. */
  startDraw: (body: z.input<typeof RunCpdAuditSampleBody>) => call<z.infer<typeof CpdAuditSampleResult>>('POST', '/api/v1/cpd/audits/sample', body),
  addTargeted: (body: z.input<typeof AddTargetedAuditBody>) => call<CpdAudit>('POST', '/api/v1/cpd/audits/targeted', body),
  exportUrl: (format: 'json' | 'csv' | 'pdf') => `/api/v1/me/cpd/export?format=${format}`,
};
