import fs from 'node:fs';
import type { Db } from '../../db/database.js';
import { issuerPublicKeys, readSignedHead, storedHeads } from './heads.js';
import { type ChainReport, type HeadClaim, verifyAuditChain } from './verify.js';

/**
 * `guildhall audit verify [--head FILE]...`: the chain walked against the heads the database keeps and any
 * kept elsewhere (a file holding what /audit/heads/... answered, or the bare JWS). Answers the exit code and
 * the lines to print: 0 when intact, 1 naming the first problem.
 */
export async function auditVerifyCommand(db: Db, headFiles: readonly string[]): Promise<{ code: number; lines: string[] }> {
  let claims: HeadClaim[];
  try {
    const keys = await issuerPublicKeys(db);
    claims = [...(await storedHeads(db)), ...headFiles.map((f) => readSignedHead(jwsIn(f), keys, `the head in ${f}`))];
  } catch (err) {
    return { code: 1, lines: [`Audit log NOT verified: ${(err as Error).message}`] };
  }
  const report: ChainReport = await verifyAuditChain(db, claims);
  const against = claims.length ? ` and ${claims.length} signed head${claims.length === 1 ? '' : 's'}` : '';
  if (report.ok) return { code: 0, lines: [`Audit log intact: ${report.entries} entries checked${against}; newest entry ${report.head.sequence}, hash ${report.head.hash}.`] };
  return { code: 1, lines: [`Audit log NOT intact: ${report.problem}`, `The chain is sound up to entry ${report.entries}.`] };
}

function jwsIn(file: string): string {
  const text = fs.readFileSync(file, 'utf8').trim();
  if (!text.startsWith('{')) return text;
  const json = JSON.parse(text) as { jws?: unknown };
  if (typeof json.jws !== 'string') throw new Error(`${file} holds JSON without a "jws" field; save what /audit/heads/latest answers.`);
  return json.jws;
}
