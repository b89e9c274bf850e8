// How a connection to a Bedrock endpoint is opened: through HTTPS_PROXY / HTTP_PROXY (an HTTP CONNECT
// tunnel, honouring NO_PROXY), trusting AWS_CA_BUNDLE on top of the system roots. The SDK's own HTTP/2
// handler does neither; node itself already applies NODE_EXTRA_CA_CERTS at start-up.

import * as fs from 'node:fs';
import * as net from 'node:net';
import * as tls from 'node:tls';

/** The proxy to use for `target`, or undefined: `override` (e.g. an editor setting) first, then the environment. */
export function proxyFor(target: URL, env: NodeJS.ProcessEnv, override?: string): URL | undefined {
  const secure = target.protocol === 'https:';
  const raw = override?.trim() || (secure ? env.HTTPS_PROXY || env.https_proxy : env.HTTP_PROXY || env.http_proxy);
  if (!raw || bypassed(target, env.NO_PROXY ?? env.no_proxy ?? '')) return undefined;
  try {
    return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
  } catch {
    throw Object.assign(new Error(`The proxy setting "${raw}" is not a URL`), { name: 'ProxyError' });
  }
}

/** NO_PROXY as curl reads it: `*`, host names matching as a suffix (with or without a leading dot), optional `:port`. */
export function bypassed(target: URL, noProxy: string): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (const entry of noProxy.split(/[\s,]+/).filter(Boolean)) {
    if (entry === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase())!;
    const name = m[1].replace(/^\*?\./, '').replace(/^\[|\]$/g, '');
    if (m[2] && m[2] !== port) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

/** The trusted roots when AWS_CA_BUNDLE is set (system roots + NODE_EXTRA_CA_CERTS + the bundle), else node's default. */
export function caFor(env: NodeJS.ProcessEnv): string[] | undefined {
  const bundle = env.AWS_CA_BUNDLE?.trim();
  if (!bundle) return undefined;
  // Passing `ca` replaces node's store, NODE_EXTRA_CA_CERTS included: put both back.
  const read = (file: string, name: string) => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw Object.assign(new Error(`${name} file ${file} cannot be read (${(e as NodeJS.ErrnoException).code ?? e})`), { name: 'CaBundleError' });
    }
  };
  const extra = env.NODE_EXTRA_CA_CERTS?.trim();
  return [...tls.rootCertificates, ...(extra ? [read(extra, 'NODE_EXTRA_CA_CERTS')] : []), read(bundle, 'AWS_CA_BUNDLE')];
}

/** Opens a CONNECT tunnel to `target` through `proxy`; resolves with the tunnel's socket. */
export function tunnel(proxy: URL, target: URL, ca: string[] | undefined, timeoutMs = 15_000): Promise<net.Socket> {
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  const authority = `${target.hostname}:${port}`;
  const proxyPort = Number(proxy.port || (proxy.protocol === 'https:' ? 443 : 80));
  const socket: net.Socket =
    proxy.protocol === 'https:'
      ? tls.connect({ host: proxy.hostname, port: proxyPort, ...(net.isIP(proxy.hostname) ? {} : { servername: proxy.hostname }), ...(ca ? { ca } : {}) })
      : net.connect({ host: proxy.hostname, port: proxyPort });
  const auth = proxy.username ? `Proxy-Authorization: Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}\r\n` : '';
  return new Promise((resolve, reject) => {
    let seen = Buffer.alloc(0);
    const fail = (why: string) => {
      socket.destroy();
      reject(Object.assign(new Error(`proxy ${proxy.host}: ${why}`), { name: 'ProxyError' }));
    };
    socket.setTimeout(timeoutMs, () => fail(`no answer to CONNECT ${authority} within ${timeoutMs} ms`));
    socket.on('error', (e) => fail((e as Error).message)); // after the tunnel is up, its user hears errors too
    socket.once(proxy.protocol === 'https:' ? 'secureConnect' : 'connect', () => {
      socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth}\r\n`);
    });
    const onData = (chunk: Buffer) => {
      seen = Buffer.concat([seen, chunk]);
      const end = seen.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      socket.pause();
      socket.setTimeout(0);
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(seen.subarray(0, end).toString('latin1'))?.[1];
      if (status !== '200') return fail(`CONNECT ${authority} answered ${status ?? 'something that is not HTTP'}`);
      const rest = seen.subarray(end + 4);
      if (rest.length) socket.unshift(rest);
      resolve(socket);
    };
    socket.on('data', onData);
  });
}
