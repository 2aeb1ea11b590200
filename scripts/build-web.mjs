// Bundles the customer web portal (src/web) for browsers into dist/web/: index.html, the one page
// served for every portal path, embed.html, the chat inside another site's page, their scripts and
// style sheet under assets/ with a content hash in their names (the server caches them for a year),
// and widget.js, the script other sites include to embed the chat (a fixed name, cached briefly). No inline script or style anywhere, so the
// page runs under `script-src 'self'; style-src 'self'`.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Files the server sends compressed (as it compresses answers: from 1 kB). */
const COMPRESSIBLE = new Set(['.html', '.js', '.css']);
const COMPRESS_FROM = 1024;

/**
 * Writes `NAME.br` (Brotli at its best) and `NAME.gz` (gzip -9) beside every page, script and style
 * sheet of `dir`, which the server sends as they are instead of compressing each answer again.
 */
function precompress(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !COMPRESSIBLE.has(extname(entry.name))) continue;
    const file = join(entry.parentPath, entry.name);
    const bytes = readFileSync(file);
    if (bytes.length < COMPRESS_FROM) continue;
    const br = brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    });
    writeFileSync(`${file}.br`, br);
    writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
  }
}

/** Writes the portal into `${dir}/web/` (dir relative to the project root). */
export async function buildWeb(dir) {
  const out = new URL(`../${dir}/web/`, import.meta.url);
  mkdirSync(new URL('assets/', out), { recursive: true });
  const result = await build({
    entryPoints: ['src/web/app.ts', 'src/web/embed.ts', 'src/web/app.css'],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: ['chrome111', 'firefox111', 'safari16.4'],
    minify: true,
    outdir: `${dir}/web/assets`,
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
  const embed = readFileSync('src/web/embed.html', 'utf8')
    .replace('EMBED_JS', asset('src/web/embed.ts'))
    .replace('APP_CSS', asset('src/web/app.css'));
  writeFileSync(new URL('embed.html', out), embed);
  // The widget keeps one address (sites paste it once) and runs on other sites' pages: a classic script.
  await build({
    entryPoints: ['src/web/widget.ts'],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: ['chrome111', 'firefox111', 'safari16.4'],
    minify: true,
    outfile: `${dir}/web/widget.js`,
    logLevel: 'warning',
  });
  precompress(fileURLToPath(out));
}
