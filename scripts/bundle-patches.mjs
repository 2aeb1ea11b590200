// Changes applied to dependencies while they are bundled (esbuild plugin), each checked against the
// exact text it replaces, so that another version is left alone: Ink 6.8 (Ink 7 requires Node 22;
// Deskline supports 20.19) and commander 14.
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
];

export const bundlePatches = {
  name: 'bundle-patches',
  setup(build) {
    build.onLoad({ filter: /[\\/](ink[\\/]build|commander[\\/]lib)[\\/].*\.js$/ }, async (args) => {
      const patches = PATCHES.filter((p) => p.file.test(args.path));
      if (patches.length === 0) return undefined;
      let contents = await readFile(args.path, 'utf8');
      for (const p of patches) {
        if (contents.includes(p.find)) contents = contents.replace(p.find, p.replace);
      }
      return { contents, loader: 'js' };
    });
  },
};
