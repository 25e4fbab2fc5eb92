import { describe, expect, it } from 'vitest';
import { isLoopbackAddress } from './loopback.js';

describe('isLoopbackAddress', () => {
  it.each(['127.0.0.1', '127.1.2.3', '::1', '[::1]', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', 'localhost', 'LOCALHOST'])('%s is this machine', (a) => {
    expect(isLoopbackAddress(a)).toBe(true);
  });
  it.each(['0.0.0.0', '::', '10.0.0.1', '192.168.1.1', '128.0.0.1', '::ffff:10.0.0.1', '2001:db8::1', 'guildhall.internal', 'localhost.evil.example', '', null, undefined])('%s is not', (a) => {
    expect(isLoopbackAddress(a)).toBe(false);
  });
});
