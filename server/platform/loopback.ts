import net from 'node:net';

/**
 * True for an address of this machine: 127.0.0.0/8, ::1, and IPv4-mapped loopback (::ffff:127.x).
 * Names other than `localhost` are not resolved: a name is loopback only if it says so.
 */
export function isLoopbackAddress(address: string | null | undefined): boolean {
  if (!address) return false;
  const a = address.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (a === 'localhost') return true;
  const kind = net.isIP(a);
  if (kind === 4) return a.startsWith('127.');
  if (kind === 6) {
    if (a === '::1' || a === '0:0:0:0:0:0:0:1') return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
    return mapped !== null && (mapped[1] as string).startsWith('127.');
  }
  return false;
}
