// A throwaway certificate authority and a server certificate for localhost / 127.0.0.1, made with the
// `openssl` CLI at test time (node cannot issue certificates). Trusted only through the CA file the
// test hands to the client (AWS_CA_BUNDLE, NODE_EXTRA_CA_CERTS), never by the system.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface TestCertificates {
  dir: string;
  /** PEM of the CA that signed the server certificate: what a client must trust. */
  caFile: string;
  ca: string;
  key: string;
  cert: string;
}

let made: TestCertificates | undefined;

/**
 * One set per process (key generation takes a moment); removed when the process exits. A child process
 * that must trust the same CA (NODE_EXTRA_CA_CERTS) gets HAIKU_FAKE_TLS_DIR = the parent's `dir`.
 */
export function testCertificates(): TestCertificates {
  if (made) return made;
  const inherited = process.env.HAIKU_FAKE_TLS_DIR;
  if (inherited) return (made = load(inherited));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-fake-tls-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const f = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
    '-subj', '/CN=Haiku fake test CA', '-keyout', f('ca.key'), '-out', f('ca.pem'),
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-subj', '/CN=localhost',
    '-keyout', f('server.key'), '-out', f('server.csr'));
  fs.writeFileSync(f('ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  openssl('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial',
    '-days', '2', '-extfile', f('ext.cnf'), '-out', f('server.pem'));
  return (made = load(dir));
}

function load(dir: string): TestCertificates {
  const f = (name: string) => path.join(dir, name);
  return { dir, caFile: f('ca.pem'), ca: fs.readFileSync(f('ca.pem'), 'utf8'), key: fs.readFileSync(f('server.key'), 'utf8'), cert: fs.readFileSync(f('server.pem'), 'utf8') };
}
