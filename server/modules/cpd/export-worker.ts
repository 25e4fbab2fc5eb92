// The worker side of the CPD record's PDF (export.service.ts's recordPdf): a long record takes seconds
// to lay out, which would otherwise hold every other request.
import { serveTasks } from '../../platform/workers.js';
import { type CpdRecord, recordPdf } from './export.service.js';

serveTasks({ recordPdf: (record: CpdRecord) => recordPdf(record) });
