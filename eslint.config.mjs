import nx from '@nx/eslint-plugin';

/**
 * Import direction (design.md, Layout):
 *   type:app -> scope:mailer, scope:sandbox (the app's sandbox mode)
 *   scope:mailer -> nothing of ours; its specs may start the sandbox
 *   scope:sandbox -> nothing of ours
 */
const boundaries = (extraForSpecs = false) => [
  'error',
  {
    enforceBuildableLibDependency: true,
    allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
    depConstraints: [
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['scope:mailer', 'scope:sandbox'] },
      {
        sourceTag: 'scope:mailer',
        onlyDependOnLibsWithTags: extraForSpecs ? ['scope:mailer', 'scope:sandbox'] : ['scope:mailer'],
      },
      { sourceTag: 'scope:sandbox', onlyDependOnLibsWithTags: ['scope:sandbox'] },
      { sourceTag: 'type:bench', onlyDependOnLibsWithTags: ['scope:mailer', 'scope:sandbox'] },
    ],
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/node_modules', '**/test-output'],
  },
  {
    files: ['**/*.ts', '**/*.js'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(false),
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(true),
    },
  },
];
