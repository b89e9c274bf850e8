import tseslint from 'typescript-eslint';

// The layers (ARCHITECTURE.md explains them), bottom to top:
//   shared/    logger and config interfaces, protocol types, storage; imports nothing else from src/
//   privacy/   redaction and exclusion rules; imports shared/ only
//   bedrock/   client, errors, catalog, pricing; imports shared/ and privacy/
//   features   aws, completion, chat, explain, status, nextEdit, lmChat: the layers below, and each other
//              only through the other feature's `api.ts`
//   root       src/extension.ts and src/services.ts: build and wire everything, may import anything
// Inside every layer, a pure file (not `*.vscode.ts`) never value-imports `vscode` or a `*.vscode` module
// (type imports are allowed: they vanish from the bundle and keep the file runnable in plain Node).

export const FEATURES = ['aws', 'completion', 'chat', 'explain', 'status', 'nextEdit', 'lmChat'];
const LOWER = { shared: [], privacy: ['shared'], bedrock: ['shared', 'privacy'] };
const ALL = [...Object.keys(LOWER), ...FEATURES];

// Explicit, reviewed exceptions to the layer rule: file → folders it may still import past the rule.
// Each one is debt with its reason; never add a folder-wide or blanket exception.
const EXCEPTIONS = {
  // The credential-cause check reads ~/.aws/config with the account feature's parser, and the SDK bundle
  // entry re-exports the account feature's SDK clients (one bundle, dist/sdk.js). Moving aws/configFile,
  // aws/paths and aws/sdk into a lower layer would fix both.
  'src/bedrock/credentialCause.ts': ['aws'],
  'src/bedrock/sdk.ts': ['aws'],
};

const vscodePath = {
  name: 'vscode',
  message: 'Only adapter files (*.vscode.ts, src/extension.ts) may import vscode; keep logic in plain Node.',
  allowTypeImports: true,
};
const adapterPattern = {
  regex: '\\.vscode$',
  message: 'A pure file may not value-import an adapter (*.vscode.ts); depend on an interface, import it as a type.',
  allowTypeImports: true,
};

/** Relative-import patterns for the folders `layer` must not reach, past its listed exceptions. */
function forbidden(layer, allowed) {
  const lower = layer in LOWER;
  const mayImport = [layer, ...(lower ? LOWER[layer] : Object.keys(LOWER)), ...allowed];
  const blocked = (lower ? ALL : FEATURES).filter((f) => !mayImport.includes(f));
  const patterns = [];
  if (lower) {
    if (blocked.length) {
      patterns.push({
        regex: `^(\\.\\./)+(${blocked.join('|')})(/|$)`,
        message: `${layer}/ is a lower layer: it may import ${LOWER[layer].join(', ') || 'nothing else in src/'} only.`,
      });
    }
    if (!allowed.includes('root')) {
      patterns.push({
        regex: '^(\\.\\./)+(extension|services)$',
        message: `${layer}/ is a lower layer: it may not import the composition root.`,
      });
    }
  } else if (blocked.length) {
    patterns.push({
      regex: `^(\\.\\./)+(${blocked.join('|')})/(?!api(\\.vscode)?$)`,
      message: "Features reach each other only through the other feature's api.ts.",
    });
  }
  return patterns;
}

function restrictions({ layer, adapter, allowed = [] }) {
  const patterns = [...(layer ? forbidden(layer, allowed) : [])];
  if (!adapter) patterns.unshift(adapterPattern);
  return [
    '@typescript-eslint/no-restricted-imports',
    'error',
    { paths: adapter ? [] : [vscodePath], patterns },
  ];
}

/** One config object per layer × (pure | adapter), then one per exception (later objects win). */
function layerConfigs() {
  const out = [];
  for (const layer of ALL) {
    const [rule, level, opts] = restrictions({ layer, adapter: false });
    out.push({ files: [`src/${layer}/**/*.ts`], ignores: ['src/**/*.vscode.ts'], rules: { [rule]: [level, opts] } });
    const [r2, l2, o2] = restrictions({ layer, adapter: true });
    out.push({ files: [`src/${layer}/**/*.vscode.ts`], rules: { [r2]: [l2, o2] } });
  }
  for (const [file, allowed] of Object.entries(EXCEPTIONS)) {
    const layer = file.split('/')[1];
    const [rule, level, opts] = restrictions({ layer, adapter: file.endsWith('.vscode.ts'), allowed });
    out.push({ files: [file], rules: { [rule]: [level, opts] } });
  }
  return out;
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'dist-vsix/**', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    // Tests, benchmarks and the fake run in plain Node too.
    files: ['test/unit/**/*.ts', 'test/bench/**/*.ts', 'test/fake/**/*.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [vscodePath] }] },
  },
  ...layerConfigs(),
  {
    files: ['src/extension.ts', 'src/services.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  {
    // A promise nobody awaits loses its rejection: await it, catch it, or mark it `void` on purpose.
    files: ['src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
);
