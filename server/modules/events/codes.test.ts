import { describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import { newCheckInKey, signCheckInCode, verifyCheckInCode } from './codes.js';

const secret = 'a-test-sealing-secret-of-length';

describe('check-in codes', () => {
  const eventId = newId();
  const key = newCheckInKey(secret, eventId);
  const event = { id: eventId, checkin_private_key: key.sealedPrivateKey };

  it('signs a code that verifies with the event key and names the registration', () => {
    const registrationId = newId();
    const code = signCheckInCode(event, registrationId, secret);
    expect(code.length).toBeLessThan(140);
    expect(verifyCheckInCode(code, key.publicKey)).toMatchObject({ eventId, registrationId });
  });

  it('refuses a code whose registration was changed, or signed by another event', () => {
    const code = signCheckInCode(event, newId(), secret);
    const parts = code.split('.');
    const other = signCheckInCode(event, newId(), secret).split('.');
    const forged = [parts[0], parts[1], other[2], parts[3]].join('.');
    expect(verifyCheckInCode(forged, key.publicKey)).toBeNull();
    const elsewhere = newCheckInKey(secret, newId());
    expect(verifyCheckInCode(code, elsewhere.publicKey)).toBeNull();
  });

  it('reads nothing from text that is not a code', () => {
    for (const bad of ['', 'hello', '1.a.b.c', '2.AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AAAA', 'ABCD-1234']) {
      expect(verifyCheckInCode(bad, key.publicKey)).toBeNull();
    }
  });

  it('keeps the private half sealed to its event', () => {
    expect(key.sealedPrivateKey).not.toContain('PRIVATE');
    expect(() => signCheckInCode({ id: newId(), checkin_private_key: key.sealedPrivateKey }, newId(), secret)).toThrow(/Cannot open/);
  });
});
