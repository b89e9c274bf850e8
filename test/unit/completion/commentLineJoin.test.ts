import * as assert from 'node:assert/strict';
import { postProcess } from '../../../src/completion/postprocess';
import { ctxAt } from './cursorDoc';

// Found with the typing-trace replay: after Tab on a JSDoc line ending in "of", the next comment line was glued onto
// its end ("a handful of* useful properties"), as if "of" were an operator awaiting its operand.
describe('a line break after the last word of a comment line', () => {
  const doc = '/**\n * Quickly scans a glob pattern and returns an object with a handful of█\n */\nconst scan = () => {};\n';

  it('is not joined to that line: an answer that starts on the next line shows nothing there', () => {
    const out = postProcess({ raw: '<insert>\n * useful properties, like `isGlob`\n</insert>', ctx: ctxAt(doc), multiline: false, languageId: 'javascript' });
    assert.equal(out, undefined);
  });

  it('after `=` in code, the line break before the value is still the model\'s formatting', () => {
    const out = postProcess({ raw: '<insert>\n  items.length;\n</insert>', ctx: ctxAt('function f(items) {\n  const n =█\n}\n'), multiline: false, languageId: 'javascript' });
    assert.equal(out?.insertText.trim(), 'items.length;');
  });
});
