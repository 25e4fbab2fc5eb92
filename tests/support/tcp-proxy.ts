import net from 'node:net';

export type TcpProxy = {
  port: number;
  /** True while the proxy accepts and forwards connections. */
  readonly up: boolean;
  /** The outage: every forwarded connection is torn down and new ones are refused (nothing listens). */
  cut: () => Promise<void>;
  /** The database is back: connections are accepted and forwarded again, on the same port. */
  restore: () => Promise<void>;
  /** How many connections were torn down by cut(). */
  readonly severed: number;
  close: () => Promise<void>;
};

/**
 * A TCP proxy in front of a real server (PostgreSQL), for outage tests: the shared database is never
 * stopped; the proxy stops listening instead, so a client gets ECONNREFUSED as from a stopped server.
 * `port` 0 picks a free port; `startCut` reserves the port and starts in the outage.
 */
export async function tcpProxy(target: { host: string; port: number }, opts: { startCut?: boolean } = {}): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const clients = new Set<net.Socket>();
  let severed = 0;
  let up = false;
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    clients.add(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
      clients.delete(client);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        up = true;
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  const cut = async () => {
    if (!up) return;
    up = false;
    const closed = new Promise<void>((r) => server.close(() => r()));
    severed += clients.size;
    for (const s of sockets) s.destroy();
    sockets.clear();
    clients.clear();
    await closed;
  };
  if (opts.startCut) await cut();
  return {
    port,
    get up() {
      return up;
    },
    get severed() {
      return severed;
    },
    cut,
    restore: async () => {
      if (!up) await listen(port);
    },
    close: cut,
  };
}
