// Secret-shaped values planted in every source of text we send, and a check that no recognisable piece of
// them got through. Made up for the tests (the shapes are real, the values are not anyone's).

import * as assert from 'node:assert/strict';

export const AWS_KEY = 'AKIAQX7PLANTED9KEY42';
export const AWS_SECRET = 'kT9vQ2xLmR7pZ4wN8sB1yH6cF3jD5gA0eU+oI/Ws';
export const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJwbGFudGVkMTIzIiwibmFtZSI6ImhhaWt1In0.Zm9vYmFyYmF6cXV4cGxhbnRlZHNpZw';
export const KEY_BODY = [
  'MIIEowIBAAKCAQEAq7BFUAzPLANTEDxQ1J4zvG0sAc5mRk3qYw9TnUe2fLh8Kd7Z',
  'p0N3wXbVt6yH2cJ8rMqS4eL1aD9kF5uR7iO0gT3hW6nB2xC8vZ4mQ1sP9jE5tY7u',
  'K2fH8dL3aS6wQ9eR1tY4uI7oP0zX5cV8bN2mJ4kG6hF9dS3aW5qE7rT1yU0iO8pL',
];
export const PRIVATE_KEY = ['-----BEGIN RSA PRIVATE KEY-----', ...KEY_BODY, '-----END RSA PRIVATE KEY-----'].join('\n');

/** Every secret value, as a whole and the parts that identify it. */
const NEEDLES: [string, string][] = [
  ['AWS access key', AWS_KEY],
  ['AWS secret key', AWS_SECRET],
  ['JWT', JWT],
  ...KEY_BODY.map((l, i): [string, string] => [`private key line ${i + 1}`, l]),
];

/** The pieces of `text` that are 12 or more consecutive characters of a planted secret. */
export function leaks(text: string): string[] {
  const found: string[] = [];
  for (const [name, value] of NEEDLES) {
    for (let i = 0; i + 12 <= value.length; i += 4) {
      const piece = value.slice(i, i + 12);
      if (text.includes(piece)) {
        found.push(`${name} (…${piece}…)`);
        break;
      }
    }
  }
  return found;
}

export function assertNoLeak(text: string, where: string): void {
  assert.deepEqual(leaks(text), [], `secret pieces reached ${where}`);
}

/** The planted secrets in the shapes they take in code, config and logs. */
export const SECRET_CODE = [
  `const accessKeyId = '${AWS_KEY}';`,
  `const secretAccessKey = "${AWS_SECRET}";`,
  `const auth = { headers: { Authorization: 'Bearer ${JWT}' } };`,
  `const pem = \`${PRIVATE_KEY}\`;`,
].join('\n');
