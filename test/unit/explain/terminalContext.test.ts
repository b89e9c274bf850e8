import * as assert from 'node:assert';
import {
  cleanTerminalOutput,
  describeExitCode,
  formatTerminalContext,
  gatherTerminalContext,
  keepTail,
  terminalTitle,
} from '../../../src/explain/terminalContext';
import { estimateTokens } from '../../../src/explain/tokens';

const ESC = '\x1b';

describe('explain/terminalContext: cleaning', () => {
  it('removes colours, cursor moves and shell-integration marks', () => {
    const raw = `${ESC}]633;C${ESC}\\${ESC}[31mError:${ESC}[0m cannot find module ${ESC}[1m'x'${ESC}[22m\r\n${ESC}]633;D;1${ESC}\\`;
    assert.strictEqual(cleanTerminalOutput(raw), "Error: cannot find module 'x'");
  });

  it('removes window-title and hyperlink OSC sequences ended by BEL', () => {
    const raw = `${ESC}]0;npm test\x07see ${ESC}]8;;https://example.com\x07docs${ESC}]8;;\x07`;
    assert.strictEqual(cleanTerminalOutput(raw), 'see docs');
  });

  it('resolves progress-bar redraws (carriage returns) to what stayed on screen', () => {
    const raw = 'Downloading 10%\rDownloading 55%\rDownloading 100%\nDone\n';
    assert.strictEqual(cleanTerminalOutput(raw), 'Downloading 100%\nDone');
    assert.strictEqual(cleanTerminalOutput('abcdef\rXY\n'), 'XYcdef', 'a shorter redraw overwrites only its length');
  });

  it('applies backspaces and drops other control characters', () => {
    assert.strictEqual(cleanTerminalOutput('abx\bc\x07\x00d'), 'abcd');
  });

  it('collapses repeated lines and runs of blank lines', () => {
    const raw = ['warn: deprecated', 'warn: deprecated', 'warn: deprecated', '', '', '', 'fatal: boom', ''].join('\n');
    assert.strictEqual(cleanTerminalOutput(raw), 'warn: deprecated\n[previous line repeated 2 more times]\n\nfatal: boom');
  });

  it('handles CRLF output', () => {
    assert.strictEqual(cleanTerminalOutput('a\r\nb\r\n'), 'a\nb');
  });
});

describe('explain/terminalContext: tail', () => {
  it('keeps the last lines within the budget and counts the dropped ones', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `line ${i} of the build output`).join('\n');
    const tail = keepTail(text, 200);
    const kept = tail.text.split('\n');
    assert.strictEqual(kept[kept.length - 1], 'line 999 of the build output');
    assert.strictEqual(tail.omittedLines + kept.length, 1000);
    assert.ok(estimateTokens(tail.text) <= 200);
  });

  it('keeps the end of one over-long last line', () => {
    const tail = keepTail('start ' + 'x'.repeat(10_000) + ' THE END', 50);
    assert.match(tail.text, /^….* THE END$/);
    assert.ok(tail.text.length < 200);
  });

  it('keeps everything when it fits', () => {
    assert.deepStrictEqual(keepTail('a\nb', 100), { text: 'a\nb', omittedLines: 0 });
  });
});

describe('explain/terminalContext: context', () => {
  const raw = [
    `${ESC}[1m> tsc -p .${ESC}[0m`,
    ...Array.from({ length: 500 }, (_, i) => `src/file${i}.ts(1,1): warning: noise ${i}`),
    `src/main.ts(4,7): ${ESC}[31merror${ESC}[0m TS2304: Cannot find name 'proces'.`,
  ].join('\r\n');

  it('holds the command line, exit code and the end of the output (where the error is)', () => {
    const ctx = gatherTerminalContext({ commandLine: 'npm run build', exitCode: 2, cwd: 'app', shell: 'bash', output: raw, budgetTokens: 400, source: 'shellIntegration' });
    const text = formatTerminalContext(ctx);
    assert.match(text, /^A terminal command failed \(exit code 2; working directory: app; shell: bash\):\n```sh\nnpm run build\n```/);
    assert.match(text, /Cannot find name 'proces'\.\n```$/);
    assert.match(text, /the last lines; \d+ earlier lines omitted/);
    assert.doesNotMatch(text, /\x1b/);
    assert.ok(estimateTokens(text) <= 460, `${estimateTokens(text)} tokens`);
  });

  it('explains conventional exit codes (not found, killed)', () => {
    assert.match(formatTerminalContext(gatherTerminalContext({ commandLine: 'pyhton x.py', exitCode: 127, output: 'bash: pyhton: command not found', budgetTokens: 300, source: 'shellIntegration' })), /exit code 127: command not found/);
    assert.match(describeExitCode(137)!, /SIGKILL/);
    assert.match(describeExitCode(129)!, /signal 1/);
    assert.strictEqual(describeExitCode(1), undefined);
    assert.strictEqual(describeExitCode(undefined), undefined);
  });

  it('says when the exit code is unknown and when there is no output', () => {
    const text = formatTerminalContext(gatherTerminalContext({ commandLine: 'make', output: '', budgetTokens: 300, source: 'shellIntegration' }));
    assert.match(text, /exit code unknown/);
    assert.match(text, /\(no output captured\)/);
  });

  it('formats a terminal selection without a command line', () => {
    const ctx = gatherTerminalContext({ output: 'Traceback (most recent call last):\n  ValueError: bad', budgetTokens: 300, source: 'selection' });
    const text = formatTerminalContext(ctx);
    assert.match(text, /^Text selected in the terminal/);
    assert.match(text, /ValueError: bad/);
    assert.strictEqual(terminalTitle(ctx), 'Explain: terminal output');
    const long = gatherTerminalContext({ output: Array.from({ length: 2000 }, (_, i) => `row ${i}`).join('\n'), budgetTokens: 200, source: 'selection' });
    assert.match(formatTerminalContext(long), /only its last lines, \d+ earlier lines omitted/);
  });

  it('titles the turn with the command, clipped', () => {
    assert.strictEqual(terminalTitle({ commandLine: 'npm test', source: 'shellIntegration' }), 'Explain failed command: npm test');
    assert.ok(terminalTitle({ commandLine: 'x'.repeat(500), source: 'shellIntegration' }).length < 110);
  });

  it('clips an enormous command line', () => {
    const ctx = gatherTerminalContext({ commandLine: 'echo ' + 'a'.repeat(10_000), exitCode: 1, output: 'x', budgetTokens: 300, source: 'shellIntegration' });
    assert.ok(ctx.commandLine!.length <= 2000);
  });
});
