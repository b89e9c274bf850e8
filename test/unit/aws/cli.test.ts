import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findOnPath, ssoLoginCommand } from '../../../src/aws/cli';
import { isRegion, isStartUrl, modelAccessUrl } from '../../../src/aws/regions';

describe('aws CLI alternative', () => {
  it('quotes a profile name so the terminal runs nothing else', () => {
    assert.equal(ssoLoginCommand('work-dev', 'linux'), 'aws sso login --profile work-dev');
    assert.equal(ssoLoginCommand("x'; rm -rf ~; '", 'linux'), `aws sso login --profile 'x'\\''; rm -rf ~; '\\'''`);
    assert.equal(ssoLoginCommand('a b"c', 'win32'), 'aws sso login --profile "a b""c"');
  });

  it('finds an executable aws on PATH and ignores a non-executable one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-path-'));
    try {
      const other = fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-path2-'));
      fs.writeFileSync(path.join(other, 'aws'), '', { mode: 0o644 });
      fs.writeFileSync(path.join(dir, 'aws'), '#!/bin/sh\n', { mode: 0o755 });
      assert.equal(await findOnPath('aws', { PATH: `${other}${path.delimiter}${dir}` }, 'linux'), path.join(dir, 'aws'));
      assert.equal(await findOnPath('aws', { PATH: other }, 'linux'), undefined);
      fs.rmSync(other, { recursive: true, force: true });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('validates what the new-profile flow asks for and links the region\'s model access page', () => {
    assert.ok(isStartUrl('https://my-company.awsapps.com/start'));
    assert.ok(!isStartUrl('http://my-company.awsapps.com/start'));
    assert.ok(!isStartUrl('my-company'));
    assert.ok(isRegion('eu-central-1') && isRegion('us-gov-west-1') && !isRegion('Frankfurt'));
    assert.equal(modelAccessUrl('eu-west-3'), 'https://eu-west-3.console.aws.amazon.com/bedrock/home?region=eu-west-3#/modelaccess');
  });
});
