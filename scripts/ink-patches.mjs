// Fixes applied to Ink while it is bundled (esbuild plugin), each checked against the exact text it
// replaces so that an Ink that no longer has the bug is left alone.
//
// Ink 6.8.0 incremental rendering moves the cursor one line too few when the previous frame ended
// with a newline (every frame shorter than the terminal): each frame lands one line lower, and the
// screen fills with stale copies of the top lines. The cursor sits after the last line then, so it
// must go up by the number of lines, not one less. Ink 7 requires Node 22; Deskline supports 20.19.
import { readFile } from 'node:fs/promises';

const PATCHES = [
  {
    file: /[\\/]ink[\\/]build[\\/]log-update\.js$/,
    find: 'buffer.push(ansiEscapes.cursorUp(previousVisible - 1));',
    replace:
      "buffer.push(ansiEscapes.cursorUp(previousOutput.endsWith('\\n') ? previousVisible : previousVisible - 1));",
  },
];

export const inkPatches = {
  name: 'ink-patches',
  setup(build) {
    build.onLoad({ filter: /[\\/]ink[\\/]build[\\/].*\.js$/ }, async (args) => {
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
