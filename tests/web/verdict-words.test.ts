import { describe, expect, it } from 'vitest';
import { checkLabel, tagOf, verdictWords } from '../../web/src/components/verdict-words.js';

type Outcome = 'passed' | 'failed' | 'warning' | 'unknown';
const check = (name: string, outcome: Outcome) => ({ check: name as 'schema', ok: outcome === 'passed', outcome, reason: 'r' });
const verdict = (outcome: Outcome, checks: Array<[string, Outcome]>) => ({ outcome, checks: checks.map(([n, o]) => check(n, o)) });
const all = (w: ReturnType<typeof verdictWords>) => `${w.title} ${w.meaning} ${w.action}`;

// The headline and sentences of a verdict, on /verify and a credential's page alike.
describe('a verdict in words', () => {
  it('says valid, not valid, status unknown, and signature valid with the issuer not confirmed, each with what to do', () => {
    expect(verdictWords(verdict('passed', [['signature', 'passed'], ['status', 'passed']])).title).toBe('Valid credential');
    const failed = verdictWords(verdict('failed', [['schema', 'passed'], ['signature', 'failed'], ['issuer', 'failed'], ['status', 'unknown']]));
    expect(failed.title).toBe('Not valid');
    expect(failed.meaning).toBe('2 of 4 checks failed (signature and issuer). The reasons are below.');
    expect(failed.action).toMatch(/^Do not rely on this credential/);
    const unknown = verdictWords(verdict('unknown', [['signature', 'passed'], ['status', 'unknown']]));
    expect(unknown.title).toBe('Status unknown');
    expect(unknown.meaning).toMatch(/status list could not be read/);
    expect(unknown.action).toMatch(/Try again later/);
    const key = verdictWords(verdict('warning', [['signature', 'warning'], ['issuer', 'passed']]));
    expect(key.title).toBe('Signature valid, issuer not confirmed');
    expect(key.action).toMatch(/confirm with the issuer that the key is theirs/);
    expect(verdictWords(verdict('warning', [['dates', 'warning']])).title).toBe('Valid, with a warning');
  });

  it('never says "undefined": an unknown check is named as it is, an unknown outcome reads as Unknown', () => {
    expect(checkLabel('status')).toBe('Revocation and suspension');
    expect(checkLabel('somethingNew')).toBe('somethingNew');
    expect(tagOf('passed').text).toBe('Passed');
    expect(tagOf('warning').text).toBe('Warning');
    expect(tagOf('brand-new').text).toBe('Unknown');
    expect(tagOf(undefined).text).toBe('Unknown');
    expect(tagOf('constructor').text).toBe('Unknown');
    for (const o of ['passed', 'failed', 'warning', 'unknown'] as const) {
      expect(all(verdictWords(verdict(o, [['somethingNew', o]])))).not.toMatch(/undefined/);
      expect(all(verdictWords(verdict(o, [])))).not.toMatch(/undefined/);
    }
  });
});
