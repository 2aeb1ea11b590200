/**
 * A real terminal for TUI tests: `desk tui` (the built CLI) inside a tmux server of its own at a
 * fixed size, keys sent with `tmux send-keys`, the screen read with `tmux capture-pane` and polled
 * until what is expected shows (bounded, no sleeps).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DESK_BIN } from './desk.js';

export class TmuxTerminal {
  /** A tmux server of its own, on a socket in a directory removed afterwards. */
  readonly dir = mkdtempSync(join(tmpdir(), 'desk-tmux-'));
  private readonly socket = join(this.dir, 'tmux.sock');
  private readonly session = 'tui';

  /** Throws when tmux is missing (CI installs it). */
  static check(): void {
    if (spawnSync('tmux', ['-V']).status !== 0) throw new Error('this test needs tmux (CI installs it)');
  }

  private tmux(args: string[], env?: Record<string, string>): string {
    return execFileSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8', ...(env ? { env } : {}) });
  }

  /** Starts `desk tui` at `columns`×`rows`; the tmux server (and so the TUI) gets exactly `env`. */
  start(env: Record<string, string>, columns = 80, rows = 24): void {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(DESK_BIN)} tui`;
    this.tmux(['new-session', '-d', '-s', this.session, '-x', String(columns), '-y', String(rows), command], env);
    this.tmux(['set-option', '-t', this.session, 'remain-on-exit', 'on']);
  }

  screen(): string {
    return this.tmux(['capture-pane', '-p', '-t', this.session]);
  }

  /** Keys by tmux name (`Enter`, `Escape`, `4`). */
  keys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', this.session, ...keys]);
  }

  /** Polls the screen until `check` holds (at most `timeoutMs`), returning it. */
  async waitFor(what: string, check: (screen: string) => boolean, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      last = this.screen();
      if (check(last)) return last;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; the screen:\n${last}`);
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  stop(): void {
    spawnSync('tmux', ['-S', this.socket, 'kill-server']);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
