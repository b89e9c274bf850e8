import * as assert from 'node:assert';
import {
  dapPathToFsPath,
  tidyStackTrace,
  debugTitle,
  exceptionHeadline,
  formatDebugContext,
  gatherDebugContext,
  languageFromPath,
  type DapRequest,
  type DapStackFrame,
  type DapVariable,
  type GatherDebugOptions,
} from '../../../src/explain/debugContext';
import { estimateTokens } from '../../../src/explain/tokens';

// A scripted debug adapter shaped like js-debug's answers; it records every request it gets.
interface Script {
  exceptionInfo?: unknown | Error;
  frames?: DapStackFrame[];
  scopes?: Record<number, unknown[]>;
  variables?: Record<number, DapVariable[]>;
  sources?: Record<number, string>;
}

function fakeAdapter(script: Script) {
  const calls: { command: string; args: Record<string, unknown> }[] = [];
  const request: DapRequest = async (command, args) => {
    calls.push({ command, args });
    switch (command) {
      case 'exceptionInfo':
        if (script.exceptionInfo instanceof Error) throw script.exceptionInfo;
        return script.exceptionInfo;
      case 'stackTrace':
        return { stackFrames: script.frames ?? [], totalFrames: (script.frames ?? []).length };
      case 'scopes':
        return { scopes: script.scopes?.[args.frameId as number] ?? [] };
      case 'variables': {
        const all = script.variables?.[args.variablesReference as number];
        if (!all) throw new Error(`no variables ${args.variablesReference}`);
        const start = (args.start as number) ?? 0;
        return { variables: all.slice(start, start + ((args.count as number) ?? all.length)) };
      }
      case 'source':
        return { content: script.sources?.[args.sourceReference as number] };
      default:
        throw new Error(`unsupported ${command}`);
    }
  };
  return { request, calls };
}

const FILE = `'use strict';
function parseUser(json) {
  const data = JSON.parse(json);
  const password = 'hunter2-very-secret';
  if (!data.name) {
    throw new TypeError('user has no name: ' + json);
  }
  return data;
}
parseUser('{"id":7}');`.split('\n');

const files: Record<string, string[]> = { '/ws/app/throws.js': FILE };
const readLines = async (path: string, from: number, to: number) => files[path]?.slice(from - 1, to);

const v = (name: string, value: string, ref = 0, type?: string): DapVariable => ({ name, value, variablesReference: ref, type });

const baseScript = (): Script => ({
  exceptionInfo: {
    exceptionId: 'TypeError',
    description: 'TypeError: user has no name: {"id":7}',
    breakMode: 'unhandled',
    details: { message: 'user has no name: {"id":7}', typeName: 'TypeError', stackTrace: 'TypeError: user has no name: {"id":7}\n    at parseUser (/ws/app/throws.js:6:11)\n    at Object.<anonymous> (/ws/app/throws.js:10:1)' },
  },
  frames: [
    { id: 1, name: 'parseUser', source: { name: 'throws.js', path: '/ws/app/throws.js' }, line: 6, column: 11 },
    { id: 2, name: '<anonymous>', source: { name: 'throws.js', path: '/ws/app/throws.js' }, line: 10, column: 1 },
    { id: 3, name: 'Module._compile', source: { name: 'node:internal/modules/cjs/loader', sourceReference: 9, presentationHint: 'deemphasize' }, line: 1554, column: 14 },
  ],
  scopes: {
    1: [
      { name: 'Local: parseUser', variablesReference: 100, expensive: false },
      { name: 'Global', variablesReference: 999, expensive: true },
    ],
  },
  variables: {
    100: [v('this', 'undefined'), v('json', '\'{"id":7}\''), v('data', '{id: 7}', 101, 'object'), v('password', "'hunter2-very-secret'", 0, 'string')],
    101: [v('id', '7', 0, 'number'), v('[[Prototype]]', 'Object', 102)],
    102: [v('constructor', 'ƒ Object()', 103)],
  },
});

const opts = (script: Script, over: Partial<GatherDebugOptions> = {}) => {
  const adapter = fakeAdapter(script);
  return {
    adapter,
    options: {
      stop: { threadId: 1, reason: 'exception', description: 'Paused on exception', text: 'TypeError: user has no name' },
      request: adapter.request,
      readLines,
      displayPath: (p: string) => p.replace('/ws/', ''),
      ...over,
    } as GatherDebugOptions,
  };
};

describe('explain/debugContext', () => {
  it('gathers the exception, the throwing frame with its source line and the locals', async () => {
    const { options } = opts(baseScript());
    const ctx = await gatherDebugContext(options);
    assert.strictEqual(ctx.exceptionId, 'TypeError');
    assert.strictEqual(ctx.breakMode, 'unhandled');
    assert.strictEqual(ctx.frames[0].name, 'parseUser');
    assert.strictEqual(ctx.frames[0].path, 'app/throws.js');
    const text = formatDebugContext(ctx);
    assert.match(text, /^The debugger stopped on an exception \(break mode: unhandled\):\n {4}TypeError: user has no name: \{"id":7\}\n/);
    assert.match(text, /#0 parseUser at app\/throws\.js:6:11/);
    assert.match(text, /^> 6 \| {5}throw new TypeError\('user has no name: ' \+ json\);$/m);
    assert.match(text, /^ {2}3 \| {3}const data = JSON\.parse\(json\);$/m, 'lines before the throw');
    assert.match(text, /Variables in the top frame \(Local: parseUser\)/);
    assert.match(text, /- json = '\{"id":7\}'/);
    assert.match(text, /- \(object\) data = \{id: 7\}\n {2}- \(number\) id = 7/);
  });

  it('never expands engine internals, functions or the global scope', async () => {
    const { options, adapter } = opts(baseScript());
    const ctx = await gatherDebugContext(options);
    assert.ok(!ctx.variables.some((x) => x.name === '[[Prototype]]' || x.name === 'constructor'));
    const refs = adapter.calls.filter((c) => c.command === 'variables').map((c) => c.args.variablesReference);
    assert.deepStrictEqual(refs, [100, 101], 'only locals and one level of children were requested');
  });

  it('leaves library and engine frames out (but counts them)', async () => {
    const { options } = opts(baseScript());
    const ctx = await gatherDebugContext(options);
    assert.deepStrictEqual(ctx.frames.map((f) => f.name), ['parseUser', '<anonymous>']);
    assert.strictEqual(ctx.framesOmitted, 1);
    assert.match(formatDebugContext(ctx), /Top of the call stack \(1 more frames omitted\)/);
  });

  it('reads code the adapter holds (sourceReference) through the source request', async () => {
    const script = baseScript();
    script.frames = [{ id: 1, name: 'evalFn', source: { name: 'VM12', sourceReference: 12 }, line: 2, column: 3 }];
    script.sources = { 12: 'function evalFn() {\n  null.x;\n}' };
    const { options } = opts(script);
    const text = formatDebugContext(await gatherDebugContext(options));
    assert.match(text, /^> 2 \| {3}null\.x;$/m);
  });

  it('does not read source lines of excluded files', async () => {
    const { options } = opts(baseScript(), { isExcluded: (p) => p.endsWith('throws.js') });
    const ctx = await gatherDebugContext(options);
    assert.strictEqual(ctx.frames[0].excluded, true);
    assert.strictEqual(ctx.frames[0].source, undefined);
    assert.match(formatDebugContext(ctx), /file excluded from sending/);
    assert.doesNotMatch(formatDebugContext(ctx), /throw new TypeError/);
  });

  it('falls back to the stopped event text when the adapter has no exceptionInfo', async () => {
    const script = baseScript();
    script.exceptionInfo = new Error('not supported');
    const { options } = opts(script);
    const ctx = await gatherDebugContext(options);
    assert.strictEqual(ctx.description, 'TypeError: user has no name');
    assert.deepStrictEqual(ctx.problems, ['exceptionInfo: not supported']);
    assert.match(formatDebugContext(ctx), /TypeError: user has no name/);
  });

  it('survives an adapter that fails every request', async () => {
    const ctx = await gatherDebugContext({
      stop: { threadId: 1, reason: 'exception' },
      request: async () => {
        throw new Error('session ended');
      },
      readLines,
    });
    assert.strictEqual(ctx.frames.length, 0);
    assert.strictEqual(ctx.problems.length, 2);
    assert.match(formatDebugContext(ctx), /\(no description\)/);
  });

  it('bounds the number of variables, their depth and the length of values', async () => {
    const script = baseScript();
    const many = Array.from({ length: 50 }, (_, i) => v(`v${i}`, 'x'.repeat(1000), i < 5 ? 200 + i : 0));
    script.variables = { 100: many };
    for (let i = 0; i < 5; i++) script.variables[200 + i] = Array.from({ length: 30 }, (_, k) => v(`c${k}`, String(k), 300));
    script.variables[300] = [v('deeper', 'never')];
    const { options, adapter } = opts(script, { limits: { maxChildren: 12, maxVariables: 40, maxValueChars: 100, budgetTokens: 100_000 } });
    const ctx = await gatherDebugContext(options);
    assert.ok(ctx.variables.length <= 40);
    assert.ok(ctx.variables.every((x) => x.value.length <= 100));
    assert.ok(ctx.variables.every((x) => x.depth <= 1), 'depth is bounded');
    assert.ok(!adapter.calls.some((c) => c.args.variablesReference === 300));
    assert.ok(ctx.variablesOmitted > 0);
    assert.match(formatDebugContext(ctx), /\d+ more omitted/);
  });

  it('shrinks to the token budget, keeping the top frame', async () => {
    const script = baseScript();
    script.variables = { 100: Array.from({ length: 12 }, (_, i) => v(`v${i}`, 'y'.repeat(190))) };
    const { options } = opts(script, { limits: { budgetTokens: 350 } });
    const ctx = await gatherDebugContext(options);
    const tokens = estimateTokens(formatDebugContext(ctx));
    assert.ok(tokens <= 350, `${tokens} tokens`);
    assert.strictEqual(ctx.frames[0].name, 'parseUser');
  });

  it('names the exception the way each adapter reports it', () => {
    // js-debug: the message is the id, the description is generic.
    assert.strictEqual(
      exceptionHeadline({ exceptionId: "TypeError: Cannot read properties of undefined (reading 'length')", description: 'Paused on exception' }),
      "TypeError: Cannot read properties of undefined (reading 'length')",
    );
    // debugpy: the class is the id, the message the description.
    assert.strictEqual(exceptionHeadline({ exceptionId: 'ZeroDivisionError', description: 'division by zero' }), 'ZeroDivisionError: division by zero');
    assert.strictEqual(exceptionHeadline({ exceptionId: 'Error', description: 'Error: boom', message: 'boom' }), 'Error: boom');
    assert.strictEqual(exceptionHeadline({ description: 'Paused on exception' }), 'Paused on exception');
    assert.strictEqual(exceptionHeadline({}), 'exception');
  });

  it('shows js-debug\'s exception message rather than "Paused on exception"', async () => {
    const script = baseScript();
    script.exceptionInfo = { exceptionId: "TypeError: Cannot read properties of undefined (reading 'length')", description: 'Paused on exception', breakMode: 'all', details: { stackTrace: '  at countItems (/ws/app/throws.js:6:33)' } };
    const { options } = opts(script);
    const ctx = await gatherDebugContext(options);
    assert.match(formatDebugContext(ctx), /^The debugger stopped on an exception \(break mode: all\):\n {4}TypeError: Cannot read properties of undefined \(reading 'length'\)\n/);
    assert.strictEqual(debugTitle(ctx), "Explain exception: TypeError: Cannot read properties of undefined (reading 'length')");
  });

  it('turns the URIs VS Code hands back in remote windows into local paths', () => {
    assert.strictEqual(dapPathToFsPath('/vscode-remote://127.0.0.1:42583/tmp/ws/explain/throws.js'), '/tmp/ws/explain/throws.js');
    assert.strictEqual(dapPathToFsPath('vscode-remote://ssh-remote%2Bbox/home/me/a%20b.js'), '/home/me/a b.js');
    assert.strictEqual(dapPathToFsPath('file:///c%3A/src/app.js'), 'c:/src/app.js');
    assert.strictEqual(dapPathToFsPath('/home/me/app.js'), '/home/me/app.js');
    assert.strictEqual(dapPathToFsPath('C:\\src\\app.js'), 'C:\\src\\app.js');
  });

  it('shows workspace paths in the stack trace relative and drops Node internals', async () => {
    const trace = [
      "TypeError: x",
      '    at countItems (/home/ada/proj/src/a.js:6:33)',
      '    at Object.<anonymous> (/home/ada/proj/src/b.js:11:13)',
      '    at Module._compile (node:internal/modules/cjs/loader:1521:14)',
      '    at node:internal/main/run_main_module:28:49',
    ].join('\n');
    assert.strictEqual(
      tidyStackTrace(trace, ['/home/ada/proj']),
      'TypeError: x\n    at countItems (src/a.js:6:33)\n    at Object.<anonymous> (src/b.js:11:13)\n    … 2 internal frames',
    );
    const script = baseScript();
    (script.exceptionInfo as { details: { stackTrace: string } }).details.stackTrace = trace;
    const { options } = opts(script, { workspaceRoots: ['/home/ada/proj/'] });
    assert.doesNotMatch(formatDebugContext(await gatherDebugContext(options)), /\/home\/ada/);
  });

  it('titles the turn with the exception message', () => {
    assert.strictEqual(debugTitle({ message: 'user has no name\nmore' }), 'Explain exception: user has no name');
    assert.strictEqual(debugTitle({ exceptionId: 'KeyError', description: "'missing'" }), "Explain exception: KeyError: 'missing'");
    assert.strictEqual(debugTitle({}), 'Explain exception: exception');
  });

  it('knows code-fence languages from file extensions', () => {
    assert.strictEqual(languageFromPath('a/b.mjs'), 'javascript');
    assert.strictEqual(languageFromPath('x.py'), 'python');
    assert.strictEqual(languageFromPath('Makefile'), '');
    assert.strictEqual(languageFromPath(undefined), '');
  });
});
