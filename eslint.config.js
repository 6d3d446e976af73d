// ESLint: first of all the UI's import boundary (the UI sees only the app
// handle), then the recommended rules that the code already passes. Not a
// formatter: layout is left as it is.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

/**
 * src/ui may import only src/app/types.ts and src/app/labels.ts (the
 * handle's types and the words for its values; the handle itself is passed
 * in), src/render (pure rendering), preact, and its own files. Types come
 * through src/app/types.ts too, so there is no exception for `import type`.
 * The rule reads import strings, not resolved paths, so there is one block
 * per folder depth below src/ui: from src/ui/x.tsx, `../` is src/; from
 * src/ui/repo/x.tsx, `../../` is.
 */
function uiBoundary (depth) {
  const dirs = Array.from({ length: depth - 1 }, () => '*').join('/')
  const up = `(\\.\\./){${depth}}`
  return {
    files: [`src/ui/${dirs === '' ? '' : dirs + '/'}*.{ts,tsx}`],
    ignores: ['src/ui/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          {
            // up to src/ and into anything but app/ or render/, or out of src/
            regex: `^${up}(?!(app|render)/)`,
            message: 'The UI talks to the app handle only: import from src/app (or src/render), never src/repo, src/sync, src/net, src/store or src/core.'
          },
          {
            // what is behind the handle (app.ts's parts, network.ts, the test hook) stays behind it
            regex: `^${up}app/(?!(types|labels)\\.js$)`,
            message: 'The UI sees the app handle through src/app/types.ts (and labels.ts) only: the GutsApp it is given has every command and query.'
          },
          {
            regex: '^(?!\\.{1,2}/|preact(/|$))',
            message: 'The UI imports only preact and src/app, src/render; libraries for storage, git or the network belong behind the app handle.'
          }
        ]
      }]
    }
  }
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', 'bench/**', '**/pb/*.ts', '**/.cache/**'] },
  {
    files: ['**/*.{ts,tsx,js}'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      // the code says `catch (err: any)` on purpose, and decodes untrusted input by hand
      '@typescript-eslint/no-explicit-any': 'off',
      // validators look for control characters in names and headers on purpose
      'no-control-regex': 'off',
      // empty catch blocks: best-effort cleanup (a comment says so where it matters)
      'no-empty': 'off',
      // `_name`: unused on purpose (a parameter a signature needs)
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // a `let` that closures read before its one assignment (relay.ts's seeder) stays a let
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // Playwright's fixtures take `async ({}, use) => …`
      'no-empty-pattern': 'off'
    }
  },
  uiBoundary(1),
  uiBoundary(2),
  uiBoundary(3),
  {
    // the tab loads isomorphic-git on first use (src/repo/git.ts): a static
    // import anywhere else in the app would put it back into the first load
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/**/*.test.ts', 'src/repo/git.ts', 'src/ui/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'isomorphic-git', allowTypeImports: true, message: "import git from './git.js' (src/repo/git.ts): isomorphic-git is loaded when first used" }]
      }]
    }
  }
)
