// The layer rules in eslint.config.mjs, proven on small virtual files: each rule rejects a violating
// snippet and accepts a compliant one. The paths name real folders (the rules match on the file's path);
// the text is never written to disk.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '../../..');

describe('lint: the layers', function () {
  // Type-aware linting loads the TypeScript project once (seconds on a busy machine).
  this.timeout(120_000);
  // The import rules need no type information: skip loading the TypeScript project for them. The
  // floating-promise rule does: a virtual file gets a small default project of its own.
  const untyped = new ESLint({
    cwd: root,
    overrideConfig: {
      files: ['**/*.ts'],
      languageOptions: { parserOptions: { projectService: false } },
      rules: { '@typescript-eslint/no-floating-promises': 'off' },
    },
  });
  const typed = new ESLint({
    cwd: root,
    overrideConfig: {
      files: ['**/*.ts'],
      languageOptions: { parserOptions: { projectService: { allowDefaultProject: ['src/shared/example.ts'] } } },
    },
  });

  async function problems(file: string, code: string, rule = '@typescript-eslint/no-restricted-imports'): Promise<string[]> {
    const eslint = rule === '@typescript-eslint/no-floating-promises' ? typed : untyped;
    const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
    const fatal = result.messages.filter((m) => m.fatal);
    assert.deepEqual(fatal, [], 'the snippet parses');
    return result.messages.filter((m) => m.ruleId === rule).map((m) => m.message);
  }

  const cases: { rule: string; file: string; bad: string; good: string }[] = [
    {
      rule: 'a pure file does not value-import vscode',
      file: 'src/completion/example.ts',
      bad: "import * as vscode from 'vscode';\nexport const x = vscode.Uri;\n",
      good: "import type * as vscode from 'vscode';\nexport type X = vscode.Uri;\n",
    },
    {
      rule: 'a pure file does not value-import an adapter',
      file: 'src/chat/example.ts',
      bad: "import { registerChat } from './index.vscode';\nexport const x = registerChat;\n",
      good: "import type { registerChat } from './index.vscode';\nexport type X = typeof registerChat;\n",
    },
    {
      rule: 'shared/ imports no feature',
      file: 'src/shared/example.ts',
      bad: "import { statusView } from '../status/statusModel';\nexport const x = statusView;\n",
      good: "import { Emitter } from './emitter';\nexport const x = Emitter;\n",
    },
    {
      rule: 'shared/ imports neither bedrock/ nor privacy/ (type imports included)',
      file: 'src/shared/example.ts',
      bad: "import type { Route } from '../bedrock/types';\nexport type X = Route;\n",
      good: "import type { Config } from './config';\nexport type X = Config;\n",
    },
    {
      rule: 'shared/ does not import the composition root',
      file: 'src/shared/example.ts',
      bad: "import type { Services } from '../services';\nexport type X = Services;\n",
      good: "import type { Logger } from './logger';\nexport type X = Logger;\n",
    },
    {
      rule: 'privacy/ does not import bedrock/',
      file: 'src/privacy/example.ts',
      bad: "import type { Route } from '../bedrock/types';\nexport type X = Route;\n",
      good: "import type { Logger } from '../shared/logger';\nexport type X = Logger;\n",
    },
    {
      rule: 'bedrock/ imports no feature',
      file: 'src/bedrock/example.ts',
      bad: "import type { ChatApi } from '../chat/api';\nexport type X = ChatApi;\n",
      good: "import { redactSecrets } from '../privacy/redact';\nexport const x = redactSecrets;\n",
    },
    {
      rule: "a feature reaches another only through its api.ts",
      file: 'src/explain/example.ts',
      bad: "import { ChatController } from '../chat/controller';\nexport const x = ChatController;\n",
      good: "import type { ChatApi } from '../chat/api';\nexport type X = ChatApi;\n",
    },
    {
      rule: 'the rule holds from a nested folder too',
      file: 'src/chat/webview/example.ts',
      bad: "import { BudgetGuard } from '../../status/budget';\nexport const x = BudgetGuard;\n",
      good: "import { isHostMessage } from '../../shared/protocol';\nexport const x = isHostMessage;\n",
    },
  ];

  for (const c of cases) {
    it(c.rule, async () => {
      assert.notDeepEqual(await problems(c.file, c.bad), [], 'the violating snippet is rejected');
      assert.deepEqual(await problems(c.file, c.good), [], 'the compliant snippet passes');
    });
  }

  it('an adapter may import vscode and adapters, and still not another feature\'s internals', async () => {
    const file = 'src/explain/example.vscode.ts';
    assert.deepEqual(await problems(file, "import * as vscode from 'vscode';\nimport { x } from './answer.vscode';\nexport const y = [vscode, x];\n"), []);
    assert.notDeepEqual(await problems(file, "import { registerChat } from '../chat/index.vscode';\nexport const y = registerChat;\n"), []);
  });

  it('a promise nobody awaits is an error in src/ (type-aware)', async () => {
    const file = 'src/shared/example.ts';
    const rule = '@typescript-eslint/no-floating-promises';
    const head = 'async function save(): Promise<void> {}\n';
    assert.notDeepEqual(await problems(file, `${head}export function f(): void { save(); }\n`, rule), []);
    assert.deepEqual(await problems(file, `${head}export function f(): void { void save(); }\n`, rule), []);
    assert.deepEqual(await problems(file, `${head}export async function f(): Promise<void> { await save(); }\n`, rule), []);
  });
});
