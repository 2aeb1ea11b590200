// Bundles the customer web portal (src/web) for browsers into dist/web/: index.html, the one page
// served for every portal path, and its script and style sheet under assets/ with a content hash in
// their names (the server caches them for a year). No inline script or style anywhere, so the
// page runs under `script-src 'self'; style-src 'self'`.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

export async function buildWeb() {
  const out = new URL('../dist/web/', import.meta.url);
  mkdirSync(new URL('assets/', out), { recursive: true });
  const result = await build({
    entryPoints: ['src/web/app.ts', 'src/web/app.css'],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: ['chrome111', 'firefox111', 'safari16.4'],
    minify: true,
    outdir: 'dist/web/assets',
    entryNames: '[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
  });
  const asset = (entry) => {
    const file = Object.keys(result.metafile.outputs).find(
      (o) => result.metafile.outputs[o].entryPoint === entry && !o.endsWith('.map'),
    );
    if (!file) throw new Error(`esbuild wrote nothing for ${entry}`);
    return basename(file);
  };
  const html = readFileSync('src/web/index.html', 'utf8')
    .replace('APP_JS', asset('src/web/app.ts'))
    .replace('APP_CSS', asset('src/web/app.css'));
  writeFileSync(new URL('index.html', out), html);
}
