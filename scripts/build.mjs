// Bundles the CLI with esbuild. The entry (dist/cli.js) holds commander and the
// command table only; each command, the server and the TUI are split into
// chunks that load when their command runs.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { bundlePatches } from './bundle-patches.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

await build({
  entryPoints: { cli: 'src/cli.ts', server: 'src/server/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  minify: true,
  jsx: 'automatic',
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [bundlePatches],
  logLevel: 'warning',
  // React and its reconciler pick their development builds unless NODE_ENV says production.
  define: {
    DESK_VERSION: JSON.stringify(pkg.version),
    'process.env.DEV': '"false"',
    'process.env.NODE_ENV': '"production"',
  },
  // Native and optional modules stay in node_modules.
  external: ['better-sqlite3', 'pg-native', 'react-devtools-core'],
  // Bundled CommonJS modules still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __deskCreateRequire } from 'node:module'; const require = __deskCreateRequire(import.meta.url);",
  },
});
