// The worker side of the certificate of attendance (certificate.ts), drawn off the event loop.
import { serveTasks } from '../../../platform/workers.js';
import { type AttendanceCertificateInput, attendanceCertificatePdf } from './certificate.js';

serveTasks({ attendanceCertificate: (input: AttendanceCertificateInput) => attendanceCertificatePdf(input) });
