import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

/**
 * The layers of src/ (see "Architecture" in the README): dependencies point one way,
 * commands → client → core, tui → client → core, server → core. Each zone lists what a folder
 * may not import; a zone's `except` is relative to its `from`.
 */
const layers = [
  {
    target: 'src/core',
    from: ['src/client', 'src/server', 'src/commands', 'src/tui', 'src/web', 'src/cli.ts'],
    message: 'src/core is the bottom layer: it imports no other part of src/.',
  },
  {
    target: 'src/client',
    from: ['src/server', 'src/commands', 'src/tui', 'src/cli.ts'],
    message: 'src/client talks to a server over HTTP: it imports only src/core.',
  },
  {
    target: 'src/server',
    from: ['src/client', 'src/commands', 'src/tui', 'src/cli.ts'],
    message: 'src/server imports only src/core.',
  },
  {
    target: 'src/tui',
    from: ['src/server', 'src/commands', 'src/cli.ts'],
    message: 'src/tui reaches the server through src/client.',
  },
  {
    target: ['src/commands', 'src/cli.ts'],
    from: 'src/server',
    except: ['./index.ts'],
    message: '`desk server` and `desk demo` use the server as a library, through src/server/index.ts.',
  },
  {
    target: 'src/web',
    from: ['src/client', 'src/server', 'src/commands', 'src/tui', 'src/cli.ts'],
    message: 'src/web runs in the browser: it imports only src/core and talks to the server over HTTP.',
  },
  {
    target: ['src/client', 'src/server', 'src/commands', 'src/tui', 'src/cli.ts'],
    from: 'src/web',
    message: 'src/web is the browser app: nothing else imports it.',
  },
  {
    // `desk tui` opens the workspace, and so does `desk demo` (both are in opensTui in scripts/build.mjs).
    target: ['src/cli.ts', 'src/commands/*/**', 'src/commands/!(tui|demo).ts'],
    from: 'src/tui',
    message: 'only `desk tui` (src/commands/tui.ts) and `desk demo` open the TUI.',
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'dist.build-*/', 'dist.old-*/', 'node_modules/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        AbortController: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        performance: 'readonly',
        structuredClone: 'readonly',
        fetch: 'readonly',
        Response: 'readonly',
        Request: 'readonly',
        Headers: 'readonly',
        Blob: 'readonly',
        FormData: 'readonly',
        queueMicrotask: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Terminal sanitising matches control characters on purpose.
      'no-control-regex': 'off',
    },
  },
  {
    // Rules that need the types: the TypeScript files of tsconfig.json.
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error' },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.tsx', 'test/**/*.ts', 'test/**/*.tsx'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver()],
      // no-cycle follows an import only into a module it can parse.
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: import.meta.dirname, zones: layers }],
      // Type-only imports are erased and do not count; import() does.
      'import-x/no-cycle': 'error',
    },
  },
  {
    // The `desk` launcher is CommonJS (bin/package.json) so that node starts it without its ES
    // module loader.
    files: ['bin/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
