// Changes applied to dependencies while they are bundled (esbuild plugin), each checked against the
// exact text it replaces, so that another version is left alone: Ink 6.8 (Ink 7 requires Node 22;
// Deskline supports 20.19), commander 14, Yoga 3.2 and string-width 8.
import { readFile } from 'node:fs/promises';

const PATCHES = [
  // Every frame builds a new Output with empty caches, so each screen line is tokenised again even
  // when it did not change. One cache shared by all frames (emptied when it grows large) lets the
  // unchanged lines of a frame cost a map lookup.
  {
    file: /[\\/]ink[\\/]build[\\/]output\.js$/,
    find: 'export default class Output {',
    replace:
      'let deskSharedCaches; const sharedOutputCaches = () => { if (!deskSharedCaches || deskSharedCaches.styledChars.size > 1000) deskSharedCaches = new OutputCaches(); return deskSharedCaches; };\nexport default class Output {',
  },
  {
    file: /[\\/]ink[\\/]build[\\/]output\.js$/,
    find: '    caches = new OutputCaches();',
    replace: '    caches = sharedOutputCaches();',
  },
  // Incremental rendering moves the cursor one line too few when the previous frame ended with a
  // newline (every frame shorter than the terminal): each frame lands one line lower and the screen
  // fills with stale copies of its top lines. The cursor sits below the last line then, so it must
  // go up by the number of lines, not one less.
  {
    file: /[\\/]ink[\\/]build[\\/]log-update\.js$/,
    find: 'buffer.push(ansiEscapes.cursorUp(previousVisible - 1));',
    replace:
      "buffer.push(ansiEscapes.cursorUp(previousOutput.endsWith('\\n') ? previousVisible : previousVisible - 1));",
  },
  // commander loads node:child_process (and with it dgram and the child-process internals) when it
  // is imported, for executable subcommands, which desk has none of: every command paid for it at
  // start-up. It is required on first spawn instead.
  {
    file: /[\\/]commander[\\/]lib[\\/]command\.js$/,
    find: "const childProcess = require('node:child_process');",
    replace:
      "let deskChildProcess; const childProcess = { spawn: (...args) => (deskChildProcess ??= require('node:child_process')).spawn(...args) };",
  },
  // Yoga's WebAssembly is a base64 data: URL that it fetches when fetch exists: on Node that loads
  // the whole fetch implementation (undici) just to decode it, a good part of the TUI's start-up.
  // The bytes are decoded in place instead, as Yoga does where there is no fetch.
  {
    file: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
    find: 'function ya(){return w||"function"!=typeof fetch?',
    replace: 'function ya(){return !0?',
  },
  {
    file: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
    find: 'var b=xa(a.slice(37)),c=new Uint8Array(b.length);for(a=0;a<b.length;++a)c[a]=b.charCodeAt(a);var d=c',
    replace: 'var d=new Uint8Array(Buffer.from(a.slice(37),"base64"))',
  },
  // string-width parses `/^\p{RGI_Emoji}$/v` when it loads, a regular expression that takes V8 tens
  // of milliseconds to build, and tests every grapheme that is not plain ASCII with it. A grapheme of
  // one code point can only be an RGI emoji if it has Emoji_Presentation, which a cheap expression
  // tells: the TUI's bullets and rules never need the big one, which is built on first use.
  {
    file: /[\\/]string-width[\\/]index\.js$/,
    find: 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
    replace:
      "let deskRgiEmoji; const deskOneCodePoint = (s) => s.length === 1 || (s.length === 2 && s.codePointAt(0) > 0xffff); const rgiEmojiRegex = { test: (s) => (!deskOneCodePoint(s) || /\\p{Emoji_Presentation}/u.test(s)) && (deskRgiEmoji ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(s) };",
  },
];

export const bundlePatches = {
  name: 'bundle-patches',
  setup(build) {
    build.onLoad(
      { filter: /[\\/](ink[\\/]build|commander[\\/]lib|string-width|yoga-layout[\\/]dist[\\/]binaries)[\\/].*\.js$/ },
      async (args) => {
        const patches = PATCHES.filter((p) => p.file.test(args.path));
        if (patches.length === 0) return undefined;
        let contents = await readFile(args.path, 'utf8');
        for (const p of patches) {
          if (contents.includes(p.find)) contents = contents.replace(p.find, () => p.replace);
        }
        return { contents, loader: 'js' };
      },
    );
  },
};
