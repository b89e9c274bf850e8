import * as assert from 'node:assert/strict';
import { postProcess } from '../../../src/completion/postprocess';
import { ctxAt } from './cursorDoc';
import { VirtualClock } from '../../support/virtualClock';
import { requestAtCursor, simEngine } from '../../support/simEngine';
import { agreement, type InFlight } from '../../../src/completion/flight';

/** What the shaper inserts for `raw` at `█` of a Python file (undefined: nothing is shown). */
function complete(doc: string, raw: string, opts: { multiline?: boolean; relativePath?: string } = {}): string | undefined {
  const ctx = ctxAt(doc);
  return postProcess({ raw: `<insert>${raw}</insert>`, ctx, multiline: opts.multiline ?? false, languageId: 'python', relativePath: opts.relativePath })?.insertText;
}

const PROTOCOL = 'from typing import Protocol\n\nclass Shape(Protocol):\n    def area(self) -> float: █\n';

describe('Python `...` bodies: code in stubs and protocols, a placeholder elsewhere', () => {
  it('a lone `...` in a normal function is still a placeholder', () => {
    assert.equal(complete('def area(w, h):\n    █\n', '...', { multiline: true }), undefined);
    assert.equal(complete('class Box:\n    def area(self) -> float: █\n', '...'), undefined);
    assert.equal(complete('def area(w, h):\n    █\n', '...', { multiline: true, relativePath: 'geo/shapes.py' }), undefined);
    // A skeleton the model wrote still goes with its header.
    assert.equal(complete('class Box:\n    █\n', 'def area(self) -> float:\n        ...', { multiline: true }), undefined);
  });

  it('keeps `...` in a Protocol member, completed mid-line or on the body line', () => {
    assert.equal(complete(PROTOCOL, '...'), '...');
    assert.equal(complete('from typing import Protocol\n\nclass Shape(Protocol):\n    def area(self) -> float:\n        █\n', '...', { multiline: true }), '...');
    // A member the model writes whole, signature and body.
    assert.equal(complete('import typing\n\nclass Shape(typing.Protocol):\n    █\n', 'def area(self) -> float:\n        ...', { multiline: true }), 'def area(self) -> float:\n        ...');
  });

  it('keeps `...` under @overload and @abstractmethod', () => {
    const overload = 'from typing import overload\n\n@overload\ndef parse(x: int) -> int: █\n';
    assert.equal(complete(overload, '...'), '...');
    const abstract = 'from abc import ABC, abstractmethod\n\nclass Store(ABC):\n    @abstractmethod\n    def get(\n        self,\n        key: str,\n    ) -> bytes:\n        █\n';
    assert.equal(complete(abstract, '...', { multiline: true }), '...');
  });

  it('keeps the body of an exception class', () => {
    assert.equal(complete('class ParseError(ValueError): █\n', '...'), '...');
    assert.equal(complete('class ParseError(Exception):\n    █\n', '...', { multiline: true }), '...');
  });

  it('keeps `...` everywhere in a .pyi stub file', () => {
    assert.equal(complete('def area(w: float, h: float) -> float: █\n', '...', { relativePath: 'geo/shapes.pyi' }), '...');
    assert.equal(complete('class Box:\n    def area(self) -> float:\n        █\n', '...', { multiline: true, relativePath: 'typings/geo.pyi' }), '...');
  });

  it('keeps `...` where the file already writes `...` bodies', () => {
    const doc = 'def width(self) -> float: ...\n\ndef area(self) -> float: █\n';
    assert.equal(complete(doc, '...'), '...');
    const bodyLine = 'def width(self) -> float:\n    ...\n\ndef area(self) -> float:\n    █\n';
    assert.equal(complete(bodyLine, '...', { multiline: true }), '...');
  });

  it('is Python only: elsewhere `...` stays a placeholder', () => {
    const ctx = ctxAt('function area(w, h) {\n  █\n}\n');
    assert.equal(postProcess({ raw: '<insert>...</insert>', ctx, multiline: true, languageId: 'typescript', relativePath: 'a.pyi' }), undefined);
  });

  it('the engine tells the shaper the file is a stub', async () => {
    const answer = async (relativePath: string) => {
      const clock = new VirtualClock();
      const { engine } = simEngine(clock, () => '...</insert>');
      const p = engine.provide(requestAtCursor('def area(w: float, h: float) -> float: █\n', { relativePath, languageId: 'python' }), new AbortController().signal);
      await clock.runAll();
      return (await p).item?.insertText;
    };
    assert.equal(await answer('geo/shapes.pyi'), '...');
    assert.equal(await answer('geo/shapes.py'), undefined);
  });

  it('typing `..` over a stub body that is streaming agrees with it', () => {
    const flight = (relativePath: string) => ({
      textSoFar: '<insert>...', shape: { ctx: ctxAt('def area(w: float) -> float: █\n'), multiline: false, prefilled: '', languageId: 'python', relativePath },
    }) as unknown as InFlight;
    assert.equal(agreement(flight('geo.pyi'), '..'), 'confirms');
    assert.notEqual(agreement(flight('geo.py'), '..'), 'confirms');
  });
});
