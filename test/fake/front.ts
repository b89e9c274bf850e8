// The fake's listening sockets: one port speaks HTTP/2 and HTTP/1.1 (peeking at the first bytes for the
// HTTP/2 preface), in cleartext or behind TLS. It counts what a handshake-minded benchmark needs (TCP
// connections, TLS handshakes) and can end connections the ways servers do (GOAWAY, idle close, drop).
import type * as http from 'node:http';
import * as http2 from 'node:http2';
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { TestCertificates } from './certs';

export interface ConnectionStats {
  /** TCP connections accepted. */
  tcp: number;
  /** TLS handshakes completed (resumed ones included). */
  tlsHandshakes: number;
  /** HTTP/2 sessions (one per HTTP/2 connection). */
  h2Sessions: number;
}

export interface Front {
  port: number;
  /** http://127.0.0.1:port or https://localhost:port */
  url: string;
  stats: ConnectionStats;
  /** The socket under an HTTP/2 session (http2's own socket proxy refuses destroy()). */
  socketOf(session: http2.Http2Session): net.Socket | undefined;
  /** GOAWAY on every open HTTP/2 session, then close it once its streams are done (a server going away). */
  goAway(): void;
  /** Ends connections with no request in flight with a bare FIN, as some load balancers' idle timeouts do. */
  closeIdle(): number;
  /** Destroys every connection at once (a network drop or a laptop waking up elsewhere). */
  dropAll(): void;
  close(): Promise<void>;
}

export async function startFront(h2: http2.Http2Server, h1: http.Server, opts: { port?: number; tls?: TestCertificates }): Promise<Front> {
  const stats: ConnectionStats = { tcp: 0, tlsHandshakes: 0, h2Sessions: 0 };
  const sockets = new Set<net.Socket>();
  const sessions = new Map<http2.Http2Session, net.Socket>();
  const openStreams = new Map<http2.Http2Session, number>();
  let pending: net.Socket | undefined;
  const onSession = (s: http2.ServerHttp2Session) => {
    if (!pending) return;
    stats.h2Sessions++;
    sessions.set(s, pending);
    s.on('close', () => sessions.delete(s));
  };
  const onStream = (st: http2.ServerHttp2Stream) => {
    const s = st.session;
    if (!s) return;
    openStreams.set(s, (openStreams.get(s) ?? 0) + 1);
    st.on('close', () => openStreams.set(s, (openStreams.get(s) ?? 1) - 1));
  };
  h2.on('session', onSession);
  h2.on('stream', onStream);

  const route = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      if (first.subarray(0, 3).toString('latin1') === 'PRI') {
        pending = socket;
        h2.emit('connection', socket);
        pending = undefined;
      } else {
        h1.emit('connection', socket);
        socket.resume();
      }
    });
  };

  let server: net.Server;
  if (opts.tls) {
    server = tls.createServer({ key: opts.tls.key, cert: opts.tls.cert, ALPNProtocols: ['h2', 'http/1.1'] }, (s) => {
      stats.tlsHandshakes++;
      route(s);
    });
    server.on('connection', (raw: net.Socket) => {
      stats.tcp++;
      raw.on('error', () => undefined);
    });
    server.on('tlsClientError', () => undefined);
  } else {
    server = net.createServer((s) => {
      stats.tcp++;
      route(s);
    });
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  return {
    port,
    url: opts.tls ? `https://localhost:${port}` : `http://127.0.0.1:${port}`,
    stats,
    socketOf: (s) => sessions.get(s),
    goAway() {
      for (const s of sessions.keys()) if (!s.closed) s.close();
    },
    closeIdle() {
      let n = 0;
      for (const [s, socket] of sessions) {
        if (s.closed || (openStreams.get(s) ?? 0) > 0) continue;
        socket.end();
        n++;
      }
      return n;
    },
    dropAll() {
      for (const s of sockets) s.destroy();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
      h2.off('session', onSession);
      h2.off('stream', onStream);
    },
  };
}
