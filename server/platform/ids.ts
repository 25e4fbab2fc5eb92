import { randomFillSync } from 'node:crypto';

// UUIDv7 (RFC 9562) generated here rather than by the uuid package: every request takes one for
// its request id, and the package's v7 draws fresh random bytes from the OS on each call (~4 µs,
// a sizeable share of a whole health check). Random bytes come from a pooled buffer instead, and
// ids made in the same millisecond stay strictly increasing through a 42-bit counter (method 1 of
// RFC 9562 §6.2) seeded randomly each millisecond.

const pool = Buffer.allocUnsafe(4096);
let poolAt = pool.length;
function randomAt(n: number): number {
  if (poolAt + n > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const at = poolAt;
  poolAt += n;
  return at;
}

const hex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const COUNTER_LIMIT = 2 ** 42;
let lastMs = -1;
let counter = 0;
// The text of lastMs's 48 bits and the version digit, made once a millisecond rather than once an id.
let msText = '';
const msTextOf = (ms: number) => {
  const h = ms.toString(16).padStart(12, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-7`;
};

/** A new time-ordered identifier (UUIDv7, text); strictly increasing within this process. */
export function newId(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    msText = msTextOf(lastMs);
    counter = Math.floor(pool.readUIntBE(randomAt(6), 6) / 128); // 41 bits: room to count upwards
  } else if (++counter >= COUNTER_LIMIT) {
    lastMs++; // counter exhausted (or the clock stepped back): borrow the next millisecond
    msText = msTextOf(lastMs);
    counter = 0;
  }
  const hi = Math.floor(counter / 2 ** 24); // counter bits 41..24
  const lo = counter % 2 ** 24; // counter bits 23..0
  const r = randomAt(4);
  return (
    `${msText}${(hi >>> 14).toString(16)}${hex[(hi >>> 6) & 0xff]}-` +
    `${hex[0x80 | (hi & 0x3f)]}${hex[lo >>> 16]}-${hex[(lo >>> 8) & 0xff]}${hex[lo & 0xff]}` +
    `${hex[pool[r] as number]}${hex[pool[r + 1] as number]}${hex[pool[r + 2] as number]}${hex[pool[r + 3] as number]}`
  );
}
