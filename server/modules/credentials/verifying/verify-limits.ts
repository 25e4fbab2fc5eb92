// Cheap checks before any canonicalisation: canonicalising JSON-LD costs far more per value than
// reading it, and a stranger's credential can be nested or wide without end. The walk is a loop,
// not a recursion, so a credential nested 100,000 levels deep is measured like any other.
import { MAX_VERIFY_DEPTH, MAX_VERIFY_NODES } from '../../../../contracts/verification.js';
import { DomainError } from '../../../platform/errors.js';
import { envelopedJwt } from './proofs/verify-jwt.js';

export type ShapeLimits = { maxDepth: number; maxNodes: number };
export const verifyLimits: ShapeLimits = { maxDepth: MAX_VERIFY_DEPTH, maxNodes: MAX_VERIFY_NODES };

/** Which limit a JSON value passes, if any: 'depth' or 'nodes', stopping at the first value beyond it. */
export function overLimit(value: unknown, limits: ShapeLimits = verifyLimits): 'depth' | 'nodes' | null {
  const stack: Array<[unknown, number]> = [[value, 1]];
  let nodes = 0;
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (++nodes > limits.maxNodes) return 'nodes';
    if (v === null || typeof v !== 'object') continue;
    if (depth > limits.maxDepth) return 'depth';
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return null;
}

/** The payload of a compact JWS, parsed, or undefined when it is not one (the verifier then says why). */
function jwtPayload(jwt: string): unknown {
  const part = jwt.trim().split('.')[1];
  if (!part) return undefined;
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Refuses, with the limit in words, a credential (JSON or a VC-JWT's payload) or presentation too deep or too large to verify. */
export function assertVerifiable(value: unknown, path: string, limits: ShapeLimits = verifyLimits): void {
  const what = /presentation/i.test(path) ? 'presentation' : 'credential';
  const jwt = typeof value === 'string' ? value : value && typeof value === 'object' && !Array.isArray(value) ? envelopedJwt(value as Record<string, unknown>) : undefined;
  const over = overLimit(jwt !== undefined ? jwtPayload(jwt) : value, limits);
  if (over === 'depth') {
    throw new DomainError('VALIDATION_FAILED', `${path}: the ${what} is nested more than ${limits.maxDepth} levels deep, which no real ${what} is; it was not checked.`, {
      issues: [{ path, message: `Nest objects and arrays at most ${limits.maxDepth} levels deep` }],
      limit: { maxDepth: limits.maxDepth },
    });
  }
  if (over === 'nodes') {
    throw new DomainError('PAYLOAD_TOO_LARGE', `${path}: the ${what} has more than ${limits.maxNodes.toLocaleString('en-GB')} values (objects, arrays, strings, numbers); at most ${limits.maxNodes.toLocaleString('en-GB')} are checked.`, {
      issues: [{ path, message: `Use at most ${limits.maxNodes} values` }],
      limit: { maxNodes: limits.maxNodes },
    });
  }
}
