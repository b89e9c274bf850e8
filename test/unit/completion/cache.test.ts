import * as assert from 'node:assert/strict';
import { CompletionCache, LruCache, ShownSuggestion } from '../../../src/completion/cache';
import type { CompletionItem } from '../../../src/completion/types';

describe('LruCache', () => {
  it('evicts the least recently used entry past its capacity', () => {
    const c = new LruCache<number>(2);
    c.set('a', 1);
    c.set('b', 2);
    assert.equal(c.get('a'), 1); // a is now the most recent
    c.set('c', 3);
    assert.equal(c.get('b'), undefined);
    assert.equal(c.get('a'), 1);
    assert.equal(c.get('c'), 3);
    assert.equal(c.size, 2);
  });
});

describe('CompletionCache', () => {
  it('keys on document, prefix, the rest of the line and the line mode', () => {
    const c = new CompletionCache(10);
    c.set('file:///a.ts', 'const x = ', ')', { insertText: '1', replaceSuffixChars: 0, multiline: false });
    assert.equal(c.get('file:///a.ts', 'const x = ', ')', false)?.insertText, '1');
    assert.equal(c.get('file:///b.ts', 'const x = ', ')', false), undefined);
    assert.equal(c.get('file:///a.ts', 'const y = ', ')', false), undefined);
    assert.equal(c.get('file:///a.ts', 'const x = ', '', false), undefined);
    assert.equal(c.get('file:///a.ts', 'const x = ', ')', true), undefined);
  });

  it('stays bounded', () => {
    const c = new CompletionCache(50);
    for (let i = 0; i < 500; i++) c.set('u', `p${i}`, '', { insertText: 'x', replaceSuffixChars: 0, multiline: false });
    assert.equal(c.size, 50);
  });
});

describe('ShownSuggestion', () => {
  const item: CompletionItem = { insertText: 'computeTotal(items);', replaceSuffixChars: 0, source: 'network', multiline: false };

  it('serves the rest while the typed text matches the suggestion', () => {
    const s = new ShownSuggestion();
    s.remember('u', 100, 'const x = ', item);
    assert.equal(s.continuation('u', 104, 'const x = comp', '')?.insertText, 'uteTotal(items);');
    assert.equal(s.continuation('u', 104, 'const x = comp', '')?.source, 'typedThrough');
  });

  it('gives up when the typed text differs, the cursor moved back, the document changed, or it was all typed', () => {
    const s = new ShownSuggestion();
    s.remember('u', 100, 'const x = ', item);
    assert.equal(s.continuation('u', 104, 'const x = cond', ''), undefined);
    assert.equal(s.continuation('u', 99, 'const x =', ''), undefined);
    assert.equal(s.continuation('v', 104, 'const x = comp', ''), undefined);
    assert.equal(s.continuation('u', 104, 'let y = 0;comp', ''), undefined, 'text before the typed part changed');
    assert.equal(s.continuation('u', 120, 'const x = computeTotal(items);', ''), undefined);
    s.forget();
    assert.equal(s.continuation('u', 104, 'const x = comp', ''), undefined);
  });
});
