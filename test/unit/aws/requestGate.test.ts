import * as assert from 'node:assert/strict';
import type { SessionStatus } from '../../../src/aws/expiryWatcher';
import { createRequestGate, type OverBudgetChoice } from '../../../src/aws/requestGate';
import { BudgetGuard } from '../../../src/status/budget';

function setup(o: { session?: SessionStatus; spent?: number; answer?: OverBudgetChoice } = {}) {
  const data = new Map<string, unknown>();
  const store = { get: <T>(k: string) => data.get(k) as T | undefined, update: (k: string, v: unknown) => void data.set(k, v) };
  const budget = new BudgetGuard(store, () => 1);
  const asked: string[] = [];
  const state = { session: o.session ?? ({ kind: 'valid', expiresAt: Date.now() + 3_600_000 } as SessionStatus), spent: o.spent ?? 0 };
  const gate = createRequestGate({
    session: () => state.session,
    profileName: () => 'dev',
    budget,
    spend: { refresh: async () => undefined, today: () => ({ costUsd: state.spent }) },
    confirm: async (reason) => {
      asked.push(reason);
      return o.answer;
    },
  });
  return { gate, asked, state, budget };
}

describe('request gate', () => {
  it('holds back completions only while the SSO session is known to be over, naming the profile', async () => {
    const { gate, state } = setup({ session: { kind: 'expired', expiresAt: 0 } });
    const refused = await gate('completion');
    assert.equal(refused?.kind, 'expiredSso');
    assert.match(refused?.message ?? '', /profile "dev"/);
    // Chat and explain go on: their own request says what is wrong, with the Sign in action.
    assert.equal(await gate('chat'), undefined);
    state.session = { kind: 'missing' };
    assert.equal((await gate('completion'))?.kind, 'expiredSso');
    state.session = { kind: 'notSso' };
    assert.equal(await gate('completion'), undefined);
  });

  it('pauses completions past the budget without asking', async () => {
    const { gate, asked } = setup({ spent: 1.5 });
    const refused = await gate('completion');
    assert.equal(refused?.kind, 'budget');
    assert.deepEqual(asked, []);
  });

  it('asks before chat sends past the budget; "Send anyway" lets the rest of the day through without asking', async () => {
    const { gate, asked } = setup({ spent: 1.5, answer: 'send' });
    assert.equal(await gate('chat'), undefined);
    assert.equal(await gate('explain'), undefined);
    assert.equal(asked.length, 1);
    assert.match(asked[0], /Send anyway\?/);
    // Completions stay paused: the confirmation is for what a person starts on purpose.
    assert.equal((await gate('completion'))?.kind, 'budget');
  });

  it('"Allow all for today" lifts the budget for completions too', async () => {
    const { gate } = setup({ spent: 1.5, answer: 'allowToday' });
    assert.equal(await gate('chat'), undefined);
    assert.equal(await gate('completion'), undefined);
  });

  it('a declined question comes back as a budget error in words about what was not sent', async () => {
    const { gate, asked } = setup({ spent: 1.5, answer: undefined });
    const refused = await gate('chat');
    assert.equal(refused?.kind, 'budget');
    assert.match(refused?.message ?? '', /^Not sent: /);
    // Declining is not remembered: the next question is asked again.
    await gate('chat');
    assert.equal(asked.length, 2);
  });
});
