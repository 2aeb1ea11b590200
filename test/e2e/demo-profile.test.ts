/**
 * `desk demo` leaves the profiles as it found them: the profile current before it is current again
 * once it stops, and its hints (hidden by the TUI while it runs) are in a file the banner names.
 * Spawned binary (needs `npm run build`): the demo stops on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESK_BIN, cleanEnv } from '../helpers/desk.js';

describe('desk demo', () => {
  it('names a file with its hints and, stopped, makes the earlier profile current again', async () => {
    const configDir = mkdtempSync(join(tmpdir(), 'desk-demo-config-'));
    const env = { DESK_CONFIG_DIR: configDir };
    const profiles = { current: 'work', profiles: { work: { server: 'http://127.0.0.1:9', token: 'dsk_work' } } };
    writeFileSync(join(configDir, 'config.json'), JSON.stringify(profiles), { mode: 0o600 });
    const config = () => JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as { current?: string };
    expect(config().current).toBe('work');

    const child = spawn(process.execPath, [DESK_BIN, 'demo', '--no-tui', '--port', '0'], {
      env: cleanEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const banner = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner; got ${out}`)), 60_000);
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.includes('stop the demo server')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await banner;
    expect(config().current).toBe('demo');
    const hintsPath = /These hints are in (\S+)\./.exec(out)?.[1];
    expect(hintsPath).toBeDefined();
    const hints = readFileSync(hintsPath!, 'utf8');
    expect(hints).toMatch(/Admin token \(for desk admin …\): \S+/);
    expect(hints).toContain('desk tickets list');
    expect(statSync(hintsPath!).mode & 0o777).toBe(0o600);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain('profile "work" is current again');
    expect(config().current).toBe('work');
  });
});
