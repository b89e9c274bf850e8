// Completion settings that cost money or send code: a cloned repository's .vscode/settings.json may lower
// them, never raise them past the user's own value.

import * as assert from 'node:assert/strict';
import { mergeCompletionLevels, userLevel, workspaceLevel, type SettingLevels } from '../../../src/shared/config';

/** Levels as `inspect()` returns them: the package.json default plus whatever each level sets. */
const enabled = (l: SettingLevels = {}): SettingLevels => ({ defaultValue: true, ...l });
const debounce = (l: SettingLevels = {}): SettingLevels => ({ defaultValue: 100, ...l });
const tokens = (l: SettingLevels = {}): SettingLevels => ({ defaultValue: 1500, ...l });

describe('completion settings: a workspace may lower, never raise', () => {
  it('without a workspace value the user\'s values (or the defaults) apply', () => {
    assert.deepEqual(mergeCompletionLevels({ enabled: enabled(), debounceMs: debounce(), maxContextTokens: tokens() }), { enabled: true, debounceMs: 100, maxContextTokens: 1500 });
    assert.deepEqual(
      mergeCompletionLevels({ enabled: enabled({ globalValue: false }), debounceMs: debounce({ globalValue: 250 }), maxContextTokens: tokens({ globalValue: 4000 }) }),
      { enabled: false, debounceMs: 250, maxContextTokens: 4000 },
    );
  });

  it('a workspace cannot turn completions back on over the user\'s "off", at any level or language', () => {
    for (const ws of [{ workspaceValue: true }, { workspaceFolderValue: true }, { workspaceLanguageValue: true }, { workspaceFolderLanguageValue: true }]) {
      assert.equal(mergeCompletionLevels({ enabled: enabled({ globalValue: false, ...ws }) }).enabled, false, JSON.stringify(ws));
    }
    // The user's "off" for one language holds too.
    assert.equal(mergeCompletionLevels({ enabled: enabled({ globalValue: true, globalLanguageValue: false, workspaceLanguageValue: true }) }).enabled, false);
  });

  it('a workspace can turn completions off, for everything or one language', () => {
    assert.equal(mergeCompletionLevels({ enabled: enabled({ workspaceValue: false }) }).enabled, false);
    assert.equal(mergeCompletionLevels({ enabled: enabled({ globalValue: true, workspaceFolderLanguageValue: false }) }).enabled, false);
  });

  it('the context budget: a workspace may shrink it, not grow it (16,000 tokens stays 1,500)', () => {
    assert.equal(mergeCompletionLevels({ maxContextTokens: tokens({ workspaceValue: 16000 }) }).maxContextTokens, 1500);
    assert.equal(mergeCompletionLevels({ maxContextTokens: tokens({ globalValue: 3000, workspaceFolderValue: 16000 }) }).maxContextTokens, 3000);
    assert.equal(mergeCompletionLevels({ maxContextTokens: tokens({ globalValue: 3000, workspaceValue: 800 }) }).maxContextTokens, 800);
    // Below the declared minimum is clamped to it.
    assert.equal(mergeCompletionLevels({ maxContextTokens: tokens({ workspaceValue: 10 }) }).maxContextTokens, 200);
  });

  it('the debounce: a workspace may lengthen it (fewer requests), not shorten it below the user\'s (0 stays 100)', () => {
    assert.equal(mergeCompletionLevels({ debounceMs: debounce({ workspaceValue: 0 }) }).debounceMs, 100);
    assert.equal(mergeCompletionLevels({ debounceMs: debounce({ globalValue: 50, workspaceValue: 0 }) }).debounceMs, 50);
    assert.equal(mergeCompletionLevels({ debounceMs: debounce({ workspaceValue: 400 }) }).debounceMs, 400);
    assert.equal(mergeCompletionLevels({ debounceMs: debounce({ workspaceValue: 99_999 }) }).debounceMs, 2000);
  });

  it('values of the wrong type are ignored at every level', () => {
    const merged = mergeCompletionLevels({
      enabled: enabled({ globalValue: 'no', workspaceValue: 0 }),
      debounceMs: debounce({ globalValue: '5', workspaceValue: Number.NaN }),
      maxContextTokens: tokens({ globalValue: null, workspaceValue: '16000' }),
    });
    assert.deepEqual(merged, { enabled: true, debounceMs: 100, maxContextTokens: 1500 });
  });

  it('reads the levels in VS Code\'s order: a language-specific value wins, then the most specific level', () => {
    const isNum = (v: unknown): v is number => typeof v === 'number';
    assert.equal(userLevel({ defaultValue: 1, globalValue: 2, defaultLanguageValue: 3 }, isNum), 3);
    assert.equal(userLevel({ defaultValue: 1, globalValue: 2, defaultLanguageValue: 3, globalLanguageValue: 4 }, isNum), 4);
    assert.equal(workspaceLevel({ globalValue: 2 }, isNum), undefined);
    assert.equal(workspaceLevel({ workspaceValue: 5, workspaceFolderValue: 6 }, isNum), 6);
    assert.equal(workspaceLevel({ workspaceFolderValue: 6, workspaceLanguageValue: 7 }, isNum), 7);
  });
});
