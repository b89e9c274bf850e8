// Proxy choice and CA handling, as curl and the AWS CLI read the same variables.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { bypassed, caFor, proxyFor } from '../../../src/bedrock/connect';

const bedrock = new URL('https://bedrock-runtime.us-east-1.amazonaws.com');

describe('proxy choice', () => {
  it('uses HTTPS_PROXY for https endpoints and HTTP_PROXY for http ones, lower case too', () => {
    assert.equal(proxyFor(bedrock, { HTTPS_PROXY: 'http://proxy:3128' })?.host, 'proxy:3128');
    assert.equal(proxyFor(bedrock, { https_proxy: 'proxy.corp:8080' })?.href, 'http://proxy.corp:8080/');
    assert.equal(proxyFor(bedrock, { HTTP_PROXY: 'http://proxy:3128' }), undefined);
    assert.equal(proxyFor(new URL('http://127.0.0.1:4000'), { HTTP_PROXY: 'http://proxy:3128' })?.host, 'proxy:3128');
  });

  it('an override (the editor\'s proxy setting) wins over the environment', () => {
    assert.equal(proxyFor(bedrock, { HTTPS_PROXY: 'http://env:1' }, 'http://setting:2')?.host, 'setting:2');
  });

  it('NO_PROXY: *, suffixes with or without a dot, ports', () => {
    assert.equal(bypassed(bedrock, '*'), true);
    assert.equal(bypassed(bedrock, 'amazonaws.com'), true);
    assert.equal(bypassed(bedrock, '.amazonaws.com'), true);
    assert.equal(bypassed(bedrock, 'example.com, localhost'), false);
    assert.equal(bypassed(bedrock, 'zonaws.com'), false, 'a suffix match needs a dot boundary');
    assert.equal(bypassed(bedrock, 'amazonaws.com:443'), true);
    assert.equal(bypassed(bedrock, 'amazonaws.com:8443'), false);
    assert.equal(proxyFor(bedrock, { HTTPS_PROXY: 'http://p:1', NO_PROXY: '.amazonaws.com' }), undefined);
  });

  it('a proxy value that is not a URL is an error naming it', () => {
    assert.throws(() => proxyFor(bedrock, { HTTPS_PROXY: 'http://[bad' }), /proxy setting "http:\/\/\[bad" is not a URL/);
  });
});

describe('CA bundle', () => {
  it('leaves node\'s store alone without AWS_CA_BUNDLE; with it, keeps the system roots and NODE_EXTRA_CA_CERTS', () => {
    assert.equal(caFor({}), undefined);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ca-'));
    fs.writeFileSync(path.join(dir, 'bundle.pem'), 'BUNDLE');
    fs.writeFileSync(path.join(dir, 'extra.pem'), 'EXTRA');
    const ca = caFor({ AWS_CA_BUNDLE: path.join(dir, 'bundle.pem'), NODE_EXTRA_CA_CERTS: path.join(dir, 'extra.pem') })!;
    assert.deepEqual(ca.slice(-2), ['EXTRA', 'BUNDLE']);
    assert.equal(ca.length, tls.rootCertificates.length + 2);
  });
});
