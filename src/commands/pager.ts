/**
 * Long output on a terminal goes through a pager, as `gh` and `git` do: `$PAGER`, else `less -FRX`
 * (which quits at once when the text fits the screen). Off with `--no-pager` (which sets `DESK_PAGER`
 * to empty for the run) or `DESK_PAGER=` (empty); `DESK_PAGER` set to a command is used instead of
 * `$PAGER`. Piped output never pages.
 */
import { spawnSync } from 'node:child_process';
import type { Context } from './context.js';
import { rawStream } from './inert-streams.js';

/** The pager to show `lineCount` lines through, or undefined to print them directly. */
export function pagerFor(ctx: Context, lineCount: number): string | undefined {
  if (ctx.stdout.isTTY !== true) return undefined;
  const rows = (ctx.stdout as { rows?: number }).rows ?? 24;
  if (lineCount < rows - 1) return undefined;
  const chosen = ctx.env.DESK_PAGER ?? ctx.env.PAGER ?? 'less -FRX';
  return chosen.trim() === '' || chosen.trim() === 'cat' ? undefined : chosen;
}

/** Writes `text` to standard output, through the pager when {@link pagerFor} names one. */
export function writePaged(ctx: Context, text: string, lineCount: number): void {
  const pager = pagerFor(ctx, lineCount);
  // Only the process's own terminal can be handed to a pager.
  if (pager !== undefined && rawStream(ctx.stdout) === process.stdout) {
    const env = { ...process.env, LESS: process.env.LESS ?? 'FRX', LV: process.env.LV ?? '-c' };
    const result = spawnSync(pager, { input: text, stdio: ['pipe', 'inherit', 'inherit'], shell: true, env });
    if (result.error === undefined && result.status !== 127) return;
  }
  ctx.stdout.write(text);
}
