// Lint: typescript-eslint's recommended rules plus the architecture's boundaries (DESIGN.md):
// src/core never imports vscode; config and runs never import tfjs (keeps activation light).
import tseslint from 'typescript-eslint';

const noVscode = { name: 'vscode', message: 'src/core must stay editor-free: the CLI, the worker and tests drive it.' };
const noTfjs = { group: ['@tensorflow/*'], message: 'config and runs must not load tfjs (the extension host imports them).' };

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'test/.runs/**', '.test-cache/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode] }] },
  },
  {
    files: ['src/core/config/**/*.ts', 'src/core/runs/**/*.ts', 'src/core/events.ts', 'src/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noVscode], patterns: [noTfjs] }] },
  },
);
