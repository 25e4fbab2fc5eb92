import type { Platform } from '../../../platform/context.js';
import type { ZodApp } from '../../../platform/http/zod-app.js';
import { drawingPool, siblingModule } from '../../../platform/workers.js';
import type { EventDeps, PartWiring } from '../deps.js';
import type { AttendanceCertificateInput } from './certificate.js';
import { closingRoutes } from './closing.routes.js';
import { closingService } from './closing.service.js';
import { ATTENDANCE_JOB, attendanceIssuer } from './issue.js';

/** Wires events/closing: closing events and sessions (CPD credits), attendance, certificates and credentials of attendance. */
export function registerClosing(app: ZodApp, p: Platform, deps: EventDeps): PartWiring {
  const issuer = attendanceIssuer(p, deps.credentials);
  // Certificates are drawn on a worker thread, as the level certificates are.
  const pdfs = drawingPool(siblingModule(import.meta.url, 'certificate-worker'));
  app.addHook('onClose', () => pdfs.close());
  const service = closingService(p, {
    issuer,
    bodyName: async () => (await deps.credentials.issuer.profile()).name,
    afterCredit: deps.cpd.standards.standing.recheckQuietly,
    drawCertificate: (input: AttendanceCertificateInput) => pdfs.draw<Uint8Array>('attendanceCertificate', input, 'the certificate of attendance'),
  });
  closingRoutes(app, service);
  return { jobHandlers: { [ATTENDANCE_JOB]: issuer.handler }, jobSchedules: [] };
}
