import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { regionFromConfigText, resolveRegion } from '../../../src/bedrock/profileRegion';

const config = `# comment
[default]
region = eu-west-1

[profile dev]   
sso_session = corp
region=us-west-2 ; trailing comment

[sso-session corp]
sso_region = us-east-1
`;

describe('profile region', () => {
  it('reads the region of a named profile and of default', () => {
    assert.equal(regionFromConfigText(config, 'dev'), 'us-west-2');
    assert.equal(regionFromConfigText(config, 'default'), 'eu-west-1');
    assert.equal(regionFromConfigText(config, 'corp'), undefined);
  });

  it('prefers the setting, then the profile, then AWS_REGION, then us-east-1', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'region-'));
    const file = path.join(dir, 'config');
    fs.writeFileSync(file, config);
    assert.equal(resolveRegion('ap-south-1', 'dev', { AWS_CONFIG_FILE: file }), 'ap-south-1');
    assert.equal(resolveRegion('', 'dev', { AWS_CONFIG_FILE: file }), 'us-west-2');
    assert.equal(resolveRegion('', '', { AWS_CONFIG_FILE: file, AWS_PROFILE: 'dev' }), 'us-west-2');
    assert.equal(resolveRegion('', 'nope', { AWS_CONFIG_FILE: file, AWS_REGION: 'ca-central-1' }), 'ca-central-1');
    assert.equal(resolveRegion('', 'nope', { AWS_CONFIG_FILE: path.join(dir, 'missing') }), 'us-east-1');
  });
});
