import * as assert from 'node:assert/strict';
import { CompletionState, SNOOZE_MS } from '../../../src/completion/state';

function memory() {
  const data = new Map<string, unknown>();
  return { get: <T>(k: string) => data.get(k) as T | undefined, update: (k: string, v: unknown) => void data.set(k, v) };
}

describe('CompletionState', () => {
  it('is on by default and says nothing in the status bar', () => {
    const s = new CompletionState();
    assert.equal(s.mode(), 'on');
    assert.equal(s.blocked(), undefined);
    assert.equal(s.statusText(), undefined);
    s.dispose();
  });

  it('turns off and back on, firing change events', () => {
    const s = new CompletionState();
    let changes = 0;
    s.onDidChange(() => changes++);
    s.set('off');
    assert.equal(s.mode(), 'off');
    assert.equal(s.statusText(), 'Completions off');
    s.set('on');
    assert.equal(s.mode(), 'on');
    assert.equal(changes, 2);
    s.dispose();
  });

  it('snoozes for 15 minutes and shows until when', () => {
    let now = new Date(2026, 0, 1, 14, 0).getTime();
    const s = new CompletionState(undefined, () => now);
    s.set('snoozed');
    assert.equal(s.mode(), 'snoozed');
    assert.equal(s.statusText(), 'Completions off until 14:15');
    assert.equal(s.snoozedUntil(), now + SNOOZE_MS);
    now += SNOOZE_MS + 1;
    assert.equal(s.mode(), 'on');
    assert.equal(s.blocked(), undefined);
    s.dispose();
  });

  it('remembers off and a running snooze across restarts', () => {
    const store = memory();
    const a = new CompletionState(store);
    a.set('off');
    a.dispose();
    const b = new CompletionState(store);
    assert.equal(b.mode(), 'off');
    b.set('snoozed');
    b.dispose();
    const c = new CompletionState(store);
    assert.equal(c.mode(), 'snoozed');
    c.dispose();
  });

  it('reports the budget pause from the hook', () => {
    const s = new CompletionState();
    let over = false;
    s.setPauseCheck(() => (over ? 'daily budget of $2.00 reached' : undefined));
    assert.equal(s.blocked(), undefined);
    over = true;
    assert.deepEqual(s.blocked(), { reason: 'paused', text: 'Completions paused: daily budget of $2.00 reached' });
    s.dispose();
  });

  it('pauses when signed out, lets explicit requests and a periodic probe through', () => {
    let now = 0;
    const s = new CompletionState(undefined, () => now);
    s.setSignedOut('expired');
    assert.equal(s.blocked()?.reason, 'signedOut');
    assert.equal(s.blocked({ explicit: true }), undefined);
    now += 121_000;
    assert.equal(s.blocked(), undefined, 'probe allowed');
    s.noteRequestSent();
    assert.equal(s.blocked()?.reason, 'signedOut', 'one probe only');
    s.setSignedOut(undefined);
    assert.equal(s.blocked(), undefined);
    s.dispose();
  });

  it('rests after throttling', () => {
    let now = 0;
    const s = new CompletionState(undefined, () => now);
    s.setThrottled(20_000);
    assert.equal(s.blocked()?.reason, 'throttled');
    now = 20_001;
    assert.equal(s.blocked(), undefined);
    s.dispose();
  });
});
