import * as assert from 'node:assert';
import {
  codeBlock,
  diagnosticTitle,
  formatDiagnosticContext,
  gatherDiagnosticContext,
  MAX_QUICK_FIXES,
  type DiagnosticContextInput,
  type DiagnosticInfo,
} from '../../../src/explain/diagnosticContext';
import { estimateTokens } from '../../../src/explain/tokens';

const SOURCE = `import { Order } from './order';
import * as fmt from './format';

export function total(order: Order): number {
  let sum = 0;
  for (const line of order.lines) {
    sum += line.price * line.qty;
  }
  const label: number = fmt.money(sum);
  return label;
}

export function other() {
  return 1;
}`.split('\n');

const diag = (over: Partial<DiagnosticInfo> = {}): DiagnosticInfo => ({
  message: "Type 'string' is not assignable to type 'number'.",
  severity: 'error',
  code: '2322',
  source: 'ts',
  range: { start: { line: 8, character: 8 }, end: { line: 8, character: 13 } },
  related: [
    {
      message: "The expected type comes from the return type of 'money'.",
      path: 'src/format.ts',
      line: 3,
      character: 16,
      lineText: '  export function money(n: number): string {',
    },
  ],
  ...over,
});

const input = (over: Partial<DiagnosticContextInput> = {}): DiagnosticContextInput => ({
  path: 'src/total.ts',
  languageId: 'typescript',
  lines: SOURCE,
  diagnostic: diag(),
  quickFixes: ["Change 'label' type to 'string'"],
  budgetTokens: 2000,
  ...over,
});

describe('explain/diagnosticContext', () => {
  it('holds the message, code, source, severity and where it is', () => {
    const text = formatDiagnosticContext(gatherDiagnosticContext(input()));
    assert.match(text, /^Error \(ts, code 2322\) in src\/total\.ts at line 9, column 9:/);
    assert.match(text, /Type 'string' is not assignable to type 'number'\./);
  });

  it('lists related information with its location and the line it points at', () => {
    const text = formatDiagnosticContext(gatherDiagnosticContext(input()));
    assert.match(text, /Related information:\n- src\/format\.ts:4:17: The expected type comes from the return type of 'money'\./);
    assert.match(text, /`export function money\(n: number\): string \{`/);
  });

  it('leaves out the text of related lines in excluded files but keeps the message', () => {
    const d = diag();
    d.related = [{ ...d.related[0], path: '.env', excluded: true, lineText: 'SECRET=abc' }];
    const text = formatDiagnosticContext(gatherDiagnosticContext(input({ diagnostic: d })));
    assert.match(text, /- \.env:4:17: The expected type/);
    assert.match(text, /file excluded from sending/);
    assert.doesNotMatch(text, /SECRET=abc/);
  });

  it('includes the enclosing function with the error line marked, not the next function', () => {
    const ctx = gatherDiagnosticContext(input());
    const text = formatDiagnosticContext(ctx);
    assert.match(text, /Code \(its enclosing function; the lines of the error are marked with ">"\):/);
    assert.match(text, /^> {1,2}9 \| {3}const label: number = fmt\.money\(sum\);$/m);
    assert.match(text, /export function total\(order: Order\): number \{/);
    assert.doesNotMatch(text, /export function other/);
  });

  it('lists the imports outside the code excerpt', () => {
    const text = formatDiagnosticContext(gatherDiagnosticContext(input()));
    assert.match(text, /Imports of src\/total\.ts:\n```typescript\nimport \{ Order \} from '\.\/order';\nimport \* as fmt from '\.\/format';\n```/);
  });

  it('lists the quick fixes already offered, once each, at most ten', () => {
    const fixes = ['Add missing import', 'Add missing import', '  ', ...Array.from({ length: 20 }, (_, i) => `Fix ${i}`)];
    const ctx = gatherDiagnosticContext(input({ quickFixes: fixes }));
    assert.strictEqual(ctx.quickFixes.length, MAX_QUICK_FIXES);
    assert.strictEqual(ctx.quickFixes.filter((f) => f === 'Add missing import').length, 1);
    assert.match(formatDiagnosticContext(ctx), /Quick fixes already offered in the editor:\n- Add missing import\n- Fix 0/);
  });

  it('omits empty sections', () => {
    const text = formatDiagnosticContext(
      gatherDiagnosticContext(input({ quickFixes: [], diagnostic: diag({ related: [], code: undefined, source: undefined }), lines: ['let x: number = "a";'] })),
    );
    assert.doesNotMatch(text, /Related information|Quick fixes|Imports of/);
    assert.match(text, /^Error in src\/total\.ts at line 9/);
  });

  it('names warnings, infos and hints as such', () => {
    for (const [severity, label] of [['warning', 'Warning'], ['information', 'Info'], ['hint', 'Hint']] as const) {
      assert.match(formatDiagnosticContext(gatherDiagnosticContext(input({ diagnostic: diag({ severity }) }))), new RegExp(`^${label} \\(`));
    }
  });

  it('keeps multi-line messages (TS elaboration chains) readable', () => {
    const message = "Argument of type '{ a: string; }' is not assignable to parameter of type 'B'.\n  Property 'b' is missing in type '{ a: string; }'.";
    const text = formatDiagnosticContext(gatherDiagnosticContext(input({ diagnostic: diag({ message }) })));
    assert.match(text, /\n {4}Argument of type[^\n]*\n {6}Property 'b' is missing/);
    assert.strictEqual(diagnosticTitle({ message }), "Explain: Argument of type '{ a: string; }' is not assignable to parameter of type 'B'.");
  });

  it('stays within the token budget on a large file with many related locations', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `  const value${i} = compute(${i}, 'some text to make the line longer');`);
    lines.unshift('function big() {');
    lines.push('}');
    const related = Array.from({ length: 30 }, (_, i) => ({ message: `declared here ${i}`, path: `src/f${i}.ts`, line: i, character: 0, lineText: 'x'.repeat(500) }));
    const budget = 1200;
    const ctx = gatherDiagnosticContext(input({ lines, diagnostic: diag({ related, range: { start: { line: 1500, character: 2 }, end: { line: 1500, character: 9 } } }), budgetTokens: budget }));
    const tokens = estimateTokens(formatDiagnosticContext(ctx));
    assert.ok(tokens <= budget * 1.1, `${tokens} tokens for a budget of ${budget}`);
    assert.ok(ctx.related.length >= 1 && ctx.related.length <= 8);
    assert.ok(ctx.relatedOmitted >= 22);
    assert.match(formatDiagnosticContext(ctx), /- … \d+ more/);
  });

  it('fences code so that backticks in the code cannot end the block', () => {
    const block = codeBlock('const s = ```;', 'ts');
    assert.match(block, /^````ts\n/);
    assert.match(block, /\n````$/);
  });

  it('clips a huge message', () => {
    const ctx = gatherDiagnosticContext(input({ diagnostic: diag({ message: 'm'.repeat(10_000) }) }));
    assert.ok(ctx.diagnostic.message.length <= 2000);
    assert.ok(diagnosticTitle(ctx.diagnostic).length <= 110);
  });
});
