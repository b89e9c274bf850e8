import tseslint from 'typescript-eslint';

// Logic never imports `vscode`: only the adapter files listed here may (type imports are allowed everywhere).
const adapters = [
  'src/extension.ts',
  'src/**/*.vscode.ts',
];

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'dist-vsix/**', 'test/fixtures/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts', 'test/unit/**/*.ts', 'test/bench/**/*.ts', 'test/fake/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              message: 'Only adapter files (*.vscode.ts, src/extension.ts) may import vscode; keep logic in plain Node.',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  {
    files: adapters,
    rules: { '@typescript-eslint/no-restricted-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
);
