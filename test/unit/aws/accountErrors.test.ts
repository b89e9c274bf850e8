import * as assert from 'node:assert/strict';
import { accountError } from '../../../src/aws/accountErrors';

describe('account errors', () => {
  const sdkError = (name: string, status: number, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });

  it('asks to sign in again when the portal says the session ended, without its raw text', () => {
    const e = accountError('listAccounts', sdkError('UnauthorizedException', 401, 'Session token not found or invalid'));
    assert.equal(e.kind, 'sessionExpired');
    assert.equal(e.message, 'Haiku: could not list your AWS accounts: the sign-in session ended. Sign in again.');
    assert.deepEqual(e.action, { id: 'signIn', label: 'Sign in' });
    assert.match(e.detail, /UnauthorizedException: Session token not found/, 'the raw error still reaches the log');
  });

  it('names the account, and says who can grant access when the portal refuses', () => {
    const e = accountError('listRoles', sdkError('ForbiddenException', 403, 'No access'), 'Sandbox');
    assert.equal(e.message, 'Haiku: could not list your roles in this account (Sandbox): the portal refused access. Ask your administrator for access to this account.');
    assert.equal(e.action, undefined);
  });

  it('tells a network failure from a file permission problem', () => {
    const net = accountError('listAccounts', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:443'), { code: 'ECONNREFUSED' }));
    assert.equal(net.kind, 'network');
    assert.doesNotMatch(net.message, /127\.0\.0\.1/);
    const file = accountError('writeConfig', Object.assign(new Error("EACCES: permission denied, open '/home/u/.aws/config'"), { code: 'EACCES' }), '/home/u/.aws/config');
    assert.equal(file.kind, 'notPermitted');
    assert.deepEqual(file.action, { id: 'openConfig', label: 'Open file' });
  });

  it('points to the log for anything else', () => {
    const e = accountError('signIn', new Error('something odd'));
    assert.equal(e.kind, 'unknown');
    assert.equal(e.message, 'Haiku: sign-in failed: details are in the output channel "Haiku for Bedrock".');
  });
});
