/**
 * The built customer web app (`npm run build`, which `npm test` runs first): every page, script and
 * style sheet from 1 kB has Brotli and gzip copies beside it that decompress to it, for the server
 * to send as they are.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const WEB = join(import.meta.dirname, '..', '..', 'dist', 'web');

describe('the built web app', () => {
  it('has a .br and a .gz copy of each script and style sheet, each decompressing to the file', () => {
    const files = readdirSync(WEB, { recursive: true, encoding: 'utf8' })
      .filter((f) => ['.js', '.css', '.html'].includes(extname(f)))
      .map((f) => join(WEB, f));
    const large = files.filter((f) => readFileSync(f).length >= 1024);
    expect(large.filter((f) => f.endsWith('.js')).length).toBeGreaterThanOrEqual(3);
    expect(large.some((f) => f.endsWith('.css'))).toBe(true);
    for (const file of large) {
      const bytes = readFileSync(file);
      expect(existsSync(`${file}.br`), `${file}.br`).toBe(true);
      expect(brotliDecompressSync(readFileSync(`${file}.br`)).equals(bytes), `${file}.br`).toBe(true);
      expect(gunzipSync(readFileSync(`${file}.gz`)).equals(bytes), `${file}.gz`).toBe(true);
      expect(readFileSync(`${file}.br`).length).toBeLessThan(bytes.length);
    }
  });
});
