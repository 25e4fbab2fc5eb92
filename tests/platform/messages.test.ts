import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import '../../contracts/messages.js';
import { PortfolioItem } from '../../contracts/portfolio.js';
import { signedInUser } from '../support/accounts.js';
import { type TestApp, testApp } from '../support/app.js';

// Field errors are written for people: zod's own defaults ("Invalid input: expected number, received
// NaN", "Too small: expected string to have >=1 characters") never reach a form or an API answer.
const machine = /Invalid input|expected|received|NaN|Too (small|big)|Unrecognized|Invalid (option|string|number)/;
const messages = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.message);
};

describe('plain field messages', () => {
  it.each([
    ['a missing value', z.object({ a: z.string() }), {}, 'Fill this in'],
    ['an empty required text', z.string().min(1), '', 'Fill this in'],
    ['a too short text', z.string().min(8), 'abc', 'Use at least 8 characters'],
    ['a too long text', z.string().max(3), 'abcd', 'Use at most 3 characters'],
    ['a number left empty (NaN)', z.number(), Number.NaN, 'Enter a number'],
    ['text where a number goes', z.number(), 'three', 'Enter a number, such as 3'],
    ['a number too small', z.number().min(1), 0, 'Enter 1 or more'],
    ['a number too large', z.number().max(7), 8, 'Enter 7 or less'],
    ['a fraction where a whole number goes', z.number().int(), 1.5, 'Enter a whole number'],
    ['an unknown choice', z.enum(['a', 'b']), 'c', 'Choose one of "a", "b"'],
    ['an e-mail address', z.email(), 'nobody', 'Enter an e-mail address such as name@example.org'],
    ['a web address', z.url(), 'example', 'Enter a full web address such as https://example.org'],
    ['an unknown field', z.strictObject({}), { venue: 'x' }, 'Remove the field "venue": it is not accepted here'],
    ['yes or no', z.boolean(), 'maybe', 'Choose yes or no'],
  ] as const)('%s', (_, schema, value, expected) => {
    const got = messages(schema as z.ZodType, value);
    expect(got).toEqual([expected]);
    expect(got.join(' ')).not.toMatch(machine);
  });

  it('a schema’s own message still wins', () => {
    expect(messages(z.string().min(3, 'Give at least 3 letters'), 'ab')).toEqual(['Give at least 3 letters']);
  });

  it('an empty "Add a job" says what to fill in, in words', () => {
    const got = messages(PortfolioItem, { kind: 'work', employer: '', roleTitle: '', startOn: '', endOn: null, itsm: true, responsibilityLevel: Number.NaN, skills: [] });
    expect(got.length).toBeGreaterThanOrEqual(4);
    expect(got.join(' | ')).not.toMatch(machine);
    expect(got).toContain('Choose a responsibility level from 1 to 7');
    expect(got).toContain('Give the employer');
  });

  describe('in API answers', () => {
    let app: TestApp;
    afterAll(async () => app?.close());
    it('the server’s 400 names each field in words', async () => {
      app = await testApp();
      const member = await signedInUser(app, 'words@example.org');
      const res = await member.req({ method: 'POST', url: '/api/v1/me/portfolio/items', payload: { kind: 'work', employer: '', roleTitle: 'x', startOn: '2020-01-01', endOn: null, itsm: 'yes', responsibilityLevel: 'three', skills: [] } });
      expect(res.statusCode, res.body).toBe(400);
      const issues = res.json().error.details.issues as Array<{ path: string; message: string }>;
      expect(issues.length).toBeGreaterThan(0);
      for (const i of issues) expect(i.message, i.path).not.toMatch(machine);
    });
  });
});
