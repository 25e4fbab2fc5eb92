import { describe, expect, it, vi } from 'vitest';
import { accountsSchema, applicationsSchema, loaded } from '../../web/src/components/schemas.js';

// The browser's forms fetch their contract schemas on first use (web/src/components/schemas.ts); the
// plain-language messages must come with them, since nothing else in the browser loads contracts/messages.ts.
describe('contract schemas loaded on demand', () => {
  it('bring the plain-language messages with them', async () => {
    const signIn = await accountsSchema('SignInBody')();
    const r = signIn.safeParse({ email: 'ann@example.org', password: 'x', venue: 'x' });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message)).toEqual(['Remove the field "venue": it is not accepted here']);
  });

  it('keep the schema’s own messages, and derive a form’s part of a schema once', async () => {
    const password = accountsSchema('ResetPasswordBody', (s) => s.pick({ password: true }));
    const first = await password();
    expect(await password()).toBe(first);
    expect(first.safeParse({ password: 'short' }).error?.issues.map((i) => i.message)).toEqual(['Use at least 12 characters']);
    const appeal = await applicationsSchema('AppealBody')();
    expect(appeal.safeParse({ grounds: ' ' }).error?.issues[0]?.message).toBe('Give the grounds of your appeal');
  });

  it('let a form go to the API unchecked when its schema cannot be fetched (the API checks the same contract)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await loaded(() => Promise.reject(new TypeError('Failed to fetch dynamically imported module')))).toBeNull();
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
    expect(await loaded(undefined)).toBeNull();
    expect(await loaded(accountsSchema('SignInBody'))).not.toBeNull();
  });
});
