// Bundles Deskline with esbuild, in two module formats:
//
// - The `desk` command is CommonJS: dist/cli.cjs holds commander and the noun table, and each noun
//   (`desk tickets`, `desk admin`, …) is one file in dist/nouns/, required when its command runs.
//   Node starts a CommonJS program without its ES module loader, which a one-shot command would
//   otherwise spend more time setting up than it takes to ask the server. A noun that imports its
//   verbs with import() (tickets, see src/commands/verbs.ts) evaluates only the verb that runs.
// - The TUI (Ink and Yoga load with top-level await, which only ES modules have) and the server
//   library used by the benchmarks are ES modules with code splitting: dist/tui.js and
//   dist/server.js. The `tui` and `demo` nouns import dist/tui.js.
import { build } from 'esbuild';
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { bundlePatches } from './bundle-patches.mjs';
import { buildWeb } from './build-web.mjs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// Everything is written to a staging folder that replaces dist/ at the end, so that a desk
// process started during a build (a test, a running server's next noun) never finds dist/ half
// written.
const out = `dist.build-${process.pid}`;
rmSync(out, { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  minify: true,
  jsx: 'automatic',
  logLevel: 'warning',
  // React and its reconciler pick their development builds unless NODE_ENV says production.
  define: {
    DESK_VERSION: JSON.stringify(pkg.version),
    'process.env.DEV': '"false"',
    'process.env.NODE_ENV': '"production"',
  },
  // Native and optional modules stay in node_modules.
  external: ['better-sqlite3', 'pg-native', 'react-devtools-core'],
};

await build({
  ...common,
  entryPoints: { server: 'src/server/index.ts', tui: 'src/tui/run.ts' },
  outdir: out,
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [bundlePatches],
  // Bundled CommonJS modules still call require() for Node built-ins.
  banner: {
    js: "import { createRequire as __deskCreateRequire } from 'node:module'; const require = __deskCreateRequire(import.meta.url);",
  },
});

/** A noun's file in dist/nouns/: `./commands/tickets/index.js` → `tickets`, `./commands/login.js` → `login`. */
function nounName(specifier) {
  const base = basename(specifier, '.js');
  return base === 'index' ? basename(dirname(specifier)) : base;
}

// The noun modules the command table in src/cli.ts imports (every import() there), found while
// bundling it.
const nouns = new Map();
const nounsApart = {
  name: 'nouns-apart',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\// }, (args) => {
      if (args.kind !== 'dynamic-import' || !/[\\/]src[\\/]cli\.ts$/.test(args.importer)) return undefined;
      const name = nounName(args.path);
      const source = `src/${args.path.slice(2).replace(/\.js$/, '.ts')}`;
      if (nouns.has(name) && nouns.get(name) !== source) {
        throw new Error(`two nouns would share dist/nouns/${name}.cjs: ${nouns.get(name)} and ${source}`);
      }
      nouns.set(name, source);
      return { path: `./nouns/${name}.cjs`, external: true };
    });
  },
};

await build({
  ...common,
  entryPoints: { cli: 'src/cli.ts' },
  outdir: out,
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  plugins: [bundlePatches, nounsApart],
  // import() of a noun becomes require(): loading it through the ES module loader would set that
  // loader up after all.
  supported: { 'dynamic-import': false },
});

// conf (with ajv, which validates its schemas) is a quarter of a megabyte that only commands
// reading or writing a saved profile need: one file of its own, required on first use, instead
// of a copy inside every noun.
// Its module.exports is the Conf class, so that `import('conf')` gives the class as its default
// export both here (required) and in the ES module world (tests run the sources).
// conf validates with ajv only when given a schema, which desk does not give it (see
// src/client/profiles.ts); ajv and its formats, most of conf's weight, are left out.
const withoutAjv = {
  name: 'without-ajv',
  setup(b) {
    b.onResolve({ filter: /^ajv(-formats)?([\\/].*)?$/ }, (args) => ({ path: args.path, namespace: 'without-ajv' }));
    b.onLoad({ filter: /.*/, namespace: 'without-ajv' }, () => ({
      contents:
        "const absent = () => { throw new Error('desk bundles conf without ajv: profiles take no schema'); };\n" +
        'export class Ajv2020 { constructor() { absent(); } }\n' +
        'export default { default: absent };\n',
      loader: 'js',
    }));
  },
};
await build({
  ...common,
  stdin: { contents: "module.exports = require('conf').default;", resolveDir: '.', sourcefile: 'conf.cjs' },
  outfile: `${out}/vendor/conf.cjs`,
  format: 'cjs',
  plugins: [withoutAjv],
});

/**
 * In a noun's file, `conf` is dist/vendor/conf.cjs and the TUI is the ES module build's dist/tui.js,
 * which only import() can load: a noun that reaches it must be listed in `opensTui` below.
 */
const nounExternals = {
  name: 'noun-externals',
  setup(b) {
    const requires = b.initialOptions.supported?.['dynamic-import'] === false;
    b.onResolve({ filter: /^conf$/ }, () => ({ path: '../vendor/conf.cjs', external: true }));
    b.onResolve({ filter: /[\\/]tui[\\/]run\.js$/ }, (args) => {
      if (!/[\\/]src[\\/]commands[\\/]/.test(args.importer)) return undefined;
      if (requires) {
        return { errors: [{ text: `${args.importer} opens the TUI: add its noun to opensTui in scripts/build.mjs` }] };
      }
      return { path: '../tui.js', external: true };
    });
  },
};

// Nouns that open the TUI keep import() for it (an ES module with top-level await cannot be
// required); the others turn import() into require() like the command table does.
const opensTui = new Set(['tui', 'demo']);
const nounEntries = [...nouns];
for (const tui of [false, true]) {
  await build({
    ...common,
    entryPoints: Object.fromEntries(nounEntries.filter(([name]) => opensTui.has(name) === tui)),
    outdir: `${out}/nouns`,
    outExtension: { '.js': '.cjs' },
    format: 'cjs',
    plugins: [bundlePatches, nounExternals],
    ...(tui ? {} : { supported: { 'dynamic-import': false } }),
  });
}

// The customer web portal, for browsers (see scripts/build-web.mjs).
await buildWeb(out);

const old = `dist.old-${process.pid}`;
if (existsSync('dist')) renameSync('dist', old);
renameSync(out, 'dist');
rmSync(old, { recursive: true, force: true });
