// Unit tests never touch the developer's real AWS set-up: no AWS_* variables, a throwaway HOME, no
// instance metadata lookups. Tests that need credentials take them from the loopback fake.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

for (const key of Object.keys(process.env)) if (key.startsWith('AWS_')) delete process.env[key];
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'haiku-unit-home-'));
process.env.HOME = home;
process.env.AWS_CONFIG_FILE = path.join(home, '.aws', 'config');
process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(home, '.aws', 'credentials');
process.env.AWS_EC2_METADATA_DISABLED = 'true';
