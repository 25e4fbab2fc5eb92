import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditVerifyCommand } from '../../server/modules/auditlog/cli.js';
import { HEAD_JOB } from '../../server/modules/auditlog/heads.js';
import { audit, systemActor } from '../../server/platform/audit.js';
import { DAY } from '../../server/platform/clock.js';
import { type TestApp, testApp } from '../support/app.js';
import { liftAppendOnly } from './tamper.js';

let app: TestApp;
let dir: string;
beforeAll(async () => {
  app = await testApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guildhall-heads-'));
});
afterAll(async () => {
  await app?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (n: number) => Promise.all(Array.from({ length: n }, (_, i) => audit(app.platform.database.db, systemActor, { action: 'test.entry', details: { i } }, app.clock.now())));
const get = (url: string) => app.app.inject({ method: 'GET', url });

describe('signed audit heads', () => {
  it('says plainly when no head has been signed yet', async () => {
    const res = await get('/audit/heads/latest');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.message).toMatch(/No head has been signed yet/);
    expect((await get('/audit/heads/2026-13-45x')).json().error.message).toMatch(/YYYY-MM-DD/);
  });

  it('signs the head once a day, publishes it, and a kept head later shows the newest entries removed', async () => {
    await write(5);
    await app.services.auditLog.jobHandlers[HEAD_JOB]?.({ payload: {}, progress: async () => {} } as never);
    const latest = await get('/audit/heads/latest');
    expect(latest.statusCode, latest.body).toBe(200);
    const head = latest.json();
    const count = Number((await app.platform.database.db.selectFrom('audit_chain_head').select('seq').executeTakeFirstOrThrow()).seq);
    expect(head).toMatchObject({ day: '2026-11-25', sequence: count, kid: expect.stringMatching(/^did:web:.*#key-1$/) });
    expect((await get('/audit/heads/2026-11-25')).json()).toEqual(head);
    expect((await get('/audit/heads/2026-11-24')).statusCode).toBe(404);
    // A second run the same day keeps the first head.
    await write(2);
    await app.services.auditLog.signTodaysHead();
    expect((await get('/audit/heads/latest')).json()).toEqual(head);

    const kept = path.join(dir, 'head.json');
    fs.writeFileSync(kept, latest.body);
    const ok = await auditVerifyCommand(app.platform.database.db, [kept]);
    expect(ok.code, ok.lines.join('\n')).toBe(0);
    expect(ok.lines[0]).toMatch(/^Audit log intact: \d+ entries checked and 2 signed heads/);

    // Someone removes the newest entries and every trace of them in the database, signed heads included.
    const db = app.platform.database.db;
    await liftAppendOnly(app.platform.database);
    await db.deleteFrom('audit_log').where('seq', '>', head.sequence - 2).execute();
    const last = await db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    await db.updateTable('audit_chain_head').set({ seq: last.seq as number, hash: last.hash as string }).execute();
    await db.deleteFrom('audit_heads').execute();
    expect((await auditVerifyCommand(db, [])).code).toBe(0);
    const caught = await auditVerifyCommand(db, [kept]);
    expect(caught.code).toBe(1);
    expect(caught.lines[0]).toBe(`Audit log NOT intact: Entries after ${head.sequence - 2} were removed: the head in ${kept} names entry ${head.sequence} with hash ${head.hash}.`);
  });

  it('refuses a kept head whose signature no longer matches its contents', async () => {
    app.clock.advance(DAY);
    const signed = await app.services.auditLog.signTodaysHead();
    const [hd, , sig] = signed.jws.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ sequence: 1, hash: 'f'.repeat(64), at: signed.at })).toString('base64url');
    const file = path.join(dir, 'forged.jws');
    fs.writeFileSync(file, `${hd}.${forgedPayload}.${sig}\n`);
    const r = await auditVerifyCommand(app.platform.database.db, [file]);
    expect(r.code).toBe(1);
    expect(r.lines[0]).toBe(`Audit log NOT verified: the head in ${file}: the signature does not verify; the head was altered.`);
  });
});
