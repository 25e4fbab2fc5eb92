// The worker side of the printable certificate (certificate.ts), drawn off the event loop.
import { serveTasks } from '../../../platform/workers.js';
import { type CertificateInput, certificatePdf } from './certificate.js';

serveTasks({ certificate: (input: CertificateInput) => certificatePdf(input) });
