import * as assert from 'node:assert/strict';
import { BudgetGuard } from '../../../src/status/budget';
import type { KeyValueStore } from '../../../src/status/usageStore';

class MemoryStore implements KeyValueStore {
  data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  update(key: string, value: unknown): void {
    this.data.set(key, value);
  }
}

describe('budget guard', () => {
  // Local time: the guard's day is the user's calendar day.
  let now = new Date(2026, 10, 25, 9, 0).getTime();
  const clock = () => now;
  let limit: number | null | undefined = 1;
  let store: MemoryStore;
  let guard: BudgetGuard;
  beforeEach(() => {
    now = new Date(2026, 10, 25, 9, 0).getTime();
    limit = 1;
    store = new MemoryStore();
    guard = new BudgetGuard(store, () => limit, clock);
  });

  it('lets everything through with no budget set, or while under it', () => {
    limit = null;
    assert.deepEqual(guard.check('completion', 1000), { allowed: true });
    assert.deepEqual(guard.state(1000), { kind: 'none' });
    limit = 1;
    assert.deepEqual(guard.check('completion', 0.99), { allowed: true });
    assert.equal(guard.state(0.99).kind, 'under');
  });

  it('pauses completions past the budget, saying how much was spent', () => {
    const d = guard.check('completion', 1.2);
    assert.equal(d.allowed, false);
    assert.equal(d.needsConfirmation, undefined);
    assert.match(d.reason!, /\$1\.20 of your \$1\.00 daily budget/);
    assert.equal(guard.state(1.2).kind, 'over');
  });

  it('asks once a day before chat or explain sends past the budget', async () => {
    const d = guard.check('chat', 1.5);
    assert.deepEqual([d.allowed, d.needsConfirmation], [false, true]);
    assert.equal(guard.check('explain', 1.5).needsConfirmation, true);
    await guard.confirmToday();
    assert.deepEqual(guard.check('chat', 1.5), { allowed: true });
    assert.deepEqual(guard.check('explain', 3), { allowed: true });
    // A confirmation for chat does not resume completions.
    assert.equal(guard.check('completion', 1.5).allowed, false);
    now += 24 * 3600_000;
    assert.equal(guard.check('chat', 1.5).needsConfirmation, true);
  });

  it('lifts the guard for every feature until midnight with the override, and survives a reload', async () => {
    let fired = 0;
    guard.onDidChange(() => fired++);
    await guard.overrideToday();
    assert.equal(fired, 1);
    const reloaded = new BudgetGuard(store, () => limit, clock);
    assert.deepEqual(reloaded.check('completion', 5), { allowed: true });
    assert.equal(reloaded.state(5).kind, 'overridden');
    now = new Date(2026, 10, 25, 23, 59).getTime();
    assert.equal(reloaded.check('completion', 5).allowed, true);
    now = new Date(2026, 10, 26, 0, 1).getTime();
    assert.equal(reloaded.check('completion', 5).allowed, false);
  });

  it('tells the status bar why completions pause, until the override lifts it', async () => {
    assert.equal(guard.completionPause(0.99), undefined);
    assert.equal(guard.completionPause(1.2), 'daily budget of $1.00 reached');
    await guard.overrideToday();
    assert.equal(guard.completionPause(1.2), undefined);
  });

  it('treats zero, negative and nonsense values as no budget (as the settings reader does)', () => {
    limit = 0.01;
    assert.equal(guard.check('completion', 0.01).allowed, false);
    for (const bad of [0, -1, Number.NaN, undefined]) {
      limit = bad;
      assert.equal(guard.check('completion', 100).allowed, true);
    }
  });
});
