// Two proxies for transport tests. A TCP relay that adds a delay in each direction (so handshakes cost
// round trips, as on a real network) and can black-hole its open connections (a laptop that slept, a
// NAT that forgot the flow). And an HTTP CONNECT proxy, as HTTPS_PROXY points to.
import * as http from 'node:http';
import * as net from 'node:net';

export interface DelayProxy {
  port: number;
  /** Connections accepted. */
  connections: number;
  /** Stop forwarding on every open connection, silently (new connections work). */
  blackHole(): void;
  close(): Promise<void>;
}

/** Relays 127.0.0.1:port to `target`, each chunk held `delayMs` in each direction (order kept). */
export async function startDelayProxy(target: { host: string; port: number }, delayMs: number): Promise<DelayProxy> {
  const pairs = new Set<{ a: net.Socket; b: net.Socket; dead: boolean }>();
  const relay = (from: net.Socket, to: net.Socket, pair: { dead: boolean }) => {
    from.on('data', (chunk) => {
      if (pair.dead) return;
      setTimeout(() => !pair.dead && !to.destroyed && to.write(chunk), delayMs);
    });
    from.on('end', () => setTimeout(() => !pair.dead && to.end(), delayMs));
    from.on('error', () => undefined);
    from.on('close', () => setTimeout(() => !pair.dead && to.destroy(), delayMs));
  };
  const state: DelayProxy = {
    port: 0,
    connections: 0,
    blackHole() {
      for (const p of pairs) p.dead = true;
    },
    async close() {
      for (const p of pairs) {
        p.a.destroy();
        p.b.destroy();
      }
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  const server = net.createServer((a) => {
    state.connections++;
    a.setNoDelay(true);
    const b = net.connect(target.port, target.host);
    b.setNoDelay(true);
    const pair = { a, b, dead: false };
    pairs.add(pair);
    a.on('close', () => pairs.delete(pair));
    relay(a, b, pair);
    relay(b, a, pair);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  state.port = (server.address() as net.AddressInfo).port;
  return state;
}

export interface ConnectProxy {
  url: string;
  /** host:port of every CONNECT, in order. */
  tunnels: string[];
  /** When set, CONNECT needs `Proxy-Authorization: Basic base64(user:pass)` (else 407). */
  credentials?: { user: string; pass: string };
  close(): Promise<void>;
}

export async function startConnectProxy(): Promise<ConnectProxy> {
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => {
    res.writeHead(405);
    res.end('CONNECT only');
  });
  const proxy: ConnectProxy = {
    url: '',
    tunnels: [],
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    sockets.add(client);
    client.on('error', () => undefined);
    const want = proxy.credentials && `Basic ${Buffer.from(`${proxy.credentials.user}:${proxy.credentials.pass}`).toString('base64')}`;
    if (want && req.headers['proxy-authorization'] !== want) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="fake"\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    proxy.tunnels.push(req.url ?? '');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  proxy.url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return proxy;
}
