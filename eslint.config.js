import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const FEATURES = ['auth', 'tasks', 'settings']

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'data/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'web/src/lib/api/schema.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'off',
    },
  },
  {
    files: [
      'server/**/*.ts',
      'contract/**/*.ts',
      'scripts/**/*.{ts,mjs}',
      'bench/**/*.ts',
      'e2e/**/*.ts',
      '*.{js,ts}',
    ],
    languageOptions: { globals: globals.node },
  },
  {
    // One door for configuration: only config.ts reads the environment.
    files: ['server/**/*.ts'],
    ignores: ['server/config.ts', 'server/**/*.test.ts', 'server/test/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration through server/config.ts.',
        },
      ],
    },
  },
  {
    files: ['server/**/*.ts', 'contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/web/**'], message: 'The server never imports the web app.' }] },
      ],
    },
  },
  {
    files: ['contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', '**/server/**', '**/web/**'],
              message: 'The contract is shared: no Node, server or DOM code.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: webImportRules() }],
    },
  },
  // Features do not import each other; pages compose them through each feature's index.
  ...FEATURES.map((feature) => ({
    files: [`web/src/features/${feature}/**/*.{ts,tsx}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...webImportRules(),
            {
              regex: `(^|/)(features/)?(${FEATURES.filter((other) => other !== feature).join('|')})(/|$)`,
              message: 'Features stay independent: compose them in a page under web/src/app.',
            },
            {
              regex: '^(\\.\\./)+app(/|$)',
              message: 'Features are composed by the app, never the other way round.',
            },
          ],
        },
      ],
    },
  })),
  {
    files: ['web/src/app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...webImportRules(),
            {
              group: ['**/features/*/*', '**/features/*/*/**'],
              message: 'Import a feature through its index (its public surface), not its files.',
            },
          ],
        },
      ],
    },
  },
  {
    // Shared code is below the features: it must not depend on any of them.
    files: ['web/src/components/**/*.{ts,tsx}', 'web/src/lib/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...webImportRules(),
            {
              regex: '^(\\.\\./)+(features|app)(/|$)',
              message: 'Shared components and lib must not depend on features or the app.',
            },
          ],
        },
      ],
    },
  },
)

function webImportRules() {
  return [
    { group: ['**/server/**'], message: 'The web app talks to the server over HTTP only.' },
    { group: ['node:*'], message: 'The web app runs in the browser.' },
    {
      // The TypeBox schemas would pull the schema library into the bundle; use generated types.
      group: ['**/contract/*', '!**/contract/limits'],
      message: 'Only contract/limits is for the browser; wire types come from lib/api/types.',
    },
  ]
}
