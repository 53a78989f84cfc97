// Type-aware lint: floating promises and misused promises are errors everywhere.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'coverage/**', 'reports/out/**', 'docs/**', '.tmp/**', '**/*.js', '**/*.cjs', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits; every other promise must be handled.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['conformance/**/*.ts'],
    rules: {
      // The harness is an independent implementation: it must never import the reference runtime or native code.
      'no-restricted-imports': ['error', { patterns: ['**/reference/**', '**/native/**', '@lite-llm/reference'] }],
    },
  },
  {
    files: ['reference/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/conformance/**', '@lite-llm/conformance'] }],
    },
  },
);
