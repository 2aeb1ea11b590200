/**
 * Scripts can trust the CLI with pipes: a reader that goes away (`desk tickets list --json | head -c 1`)
 * ends the command quietly with exit 0, whatever it was printing; a watch keeps streaming with
 * standard input at its end. Spawned binary (needs `npm run build`): the pipe is real.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_BIN, cleanEnv, startDesk, type Desk } from '../helpers/desk.js';

/** Runs the binary with its standard output closed before it writes: every write fails with EPIPE. */
function runWithClosedStdout(
  args: readonly string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DESK_BIN, ...args], {
      env: cleanEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed pipe ends the command quietly', () => {
  let desk: Desk;
  let ticket: number;

  beforeAll(async () => {
    desk = await startDesk('sqlite');
    const company = await desk.seed.company('Acme');
    for (let i = 0; i < 30; i++)
      ticket = await desk.seed.ticket(company, { title: `Printer ${i} is out of toner again` });
  });
  afterAll(async () => {
    await desk?.close();
  });

  it.each([
    [['tickets', 'list', '--json']],
    [['tickets', 'list']],
    [['chat', 'requests']],
    [['chat', 'requests', '--json']],
    [['whoami']],
  ])('desk %j with its reader gone exits 0 without a word', async (args) => {
    const { code, stderr } = await runWithClosedStdout(args, desk.env());
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('a watch whose reader goes away stops and exits 0', async () => {
    const { code, stderr } = await runWithClosedStdout(
      ['tickets', 'show', String(ticket), '--watch', '--json'],
      desk.env(),
    );
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
