import {
  CheckInAnswer,
  CheckInBody,
  CheckInEventParams,
  CheckInKit,
  CheckInRecordParams,
  CheckInStatus,
  CheckInStatusQuery,
  UndoCheckInBody,
  UndoneCheckIn,
} from '../../../../contracts/events-checkin.js';
import type { Platform } from '../../../platform/context.js';
import { contextOf } from '../../../platform/http/auth-hook.js';
import { type ZodApp, access, errorResponses } from '../../../platform/http/zod-app.js';
import { organiserRoles } from '../access.js';
import { getCheckInKit, getCheckInStatus } from './kit.js';
import { checkIn } from './scan.js';
import { sqliteScan } from './scan-sqlite.js';
import { undoCheckIn } from './undo.js';

const tags = ['events'];
const base = '/api/v1/events/:eventId/checkin';

/** HTTP for door and session check-in: organisers and the event's volunteers scan; organisers undo. */
export function checkinRoutes(app: ZodApp, p: Platform, afterWithdrawal: (memberIds: readonly string[]) => Promise<void>): void {
  const db = () => p.database.db;
  const fastScan = sqliteScan(p.database);

  app.get(`${base}/kit`, {
    schema: {
      operationId: 'getCheckInKit',
      tags,
      summary: "What a scanner needs: the event's check-in key, its door and session lists, and the roster",
      description: 'For organisers and the event’s volunteers. Lists are made when first needed: one door list a day and one per scheduled session. With the public key and the roster a scanner tells a real code and names the person while offline.',
      ...access({ scope: 'events:read' }),
      params: CheckInEventParams,
      response: { 200: CheckInKit, ...errorResponses },
    },
  }, async (req) => getCheckInKit(db(), contextOf(req), req.params.eventId, p.clock.now()));

  app.post(`${base}/scans`, {
    schema: {
      operationId: 'checkIn',
      tags,
      summary: 'Check a person in on a list by their signed code or typed reference; each nonce is recorded once',
      description:
        'Answers accepted (name and ticket) or refused with the reason: unknown_code, cancelled, wrong_day, not_this_event, already_in. The same nonce sent again is answered as the first time (`replayed: true`) and never checks anyone in twice. An offline scan keeps its scan time.',
      ...access({ scope: 'events:write' }),
      params: CheckInEventParams,
      body: CheckInBody,
      response: { 200: CheckInAnswer, ...errorResponses },
    },
  }, async (req) => {
    const b = req.body;
    const [ctx, input, now] = [contextOf(req), { ...b, offline: b.offline ?? false }, p.clock.now()];
    // On SQLite one synchronous transaction (scan-sqlite.ts); the query builder's path otherwise.
    return (await fastScan?.(ctx, req.params.eventId, input, now)) ?? checkIn(db(), ctx, req.params.eventId, input, now);
  });

  app.get(`${base}/status`, {
    schema: {
      operationId: 'getCheckInStatus',
      tags,
      summary: 'How many are inside now on each list, and the latest scans (of one list when listId is given)',
      ...access({ scope: 'events:read' }),
      params: CheckInEventParams,
      querystring: CheckInStatusQuery,
      response: { 200: CheckInStatus, ...errorResponses },
    },
  }, async (req) => getCheckInStatus(db(), contextOf(req), req.params.eventId, req.query.listId));

  app.post(`${base}/checkins/:checkinId/undo`, {
    schema: {
      operationId: 'undoCheckIn',
      tags,
      summary: 'Undo a mistaken check-in, with the reason (audited); the person may then be checked in again',
      ...access({ scope: 'events:write', roles: organiserRoles }),
      params: CheckInRecordParams,
      body: UndoCheckInBody,
      response: { 200: UndoneCheckIn, ...errorResponses },
    },
  }, async (req) => {
    const r = await undoCheckIn(p.database, contextOf(req), req.params.eventId, req.params.checkinId, req.body.reason, p.clock.now(), p.config.publicUrl);
    // A credit taken back: the member's standing is rechecked, and the credentials job supersedes their credential.
    if (r.withdrawnFrom) {
      await afterWithdrawal([r.withdrawnFrom]);
      p.nudgeJobs();
    }
    return r.undone;
  });
}
