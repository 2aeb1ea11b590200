/** `desk tickets` help and usage errors in-process: every verb listed, exit 2 for a bad verb. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';

describe('desk tickets help', () => {
  it('prints the noun help both ways, listing every verb', async () => {
    const a = await runCli(['help', 'tickets']);
    const b = await runCli(['tickets', '--help']);
    expect(a.code).toBe(0);
    expect(b).toMatchObject({ code: 0, stdout: a.stdout });
    for (const verb of ['list', 'create', 'show', 'update', 'reply', 'note', 'merge', 'spam', 'delete', 'restore']) {
      expect(a.stdout).toMatch(new RegExp(`^\\s+${verb}\\b`, 'm'));
    }
    for (const verb of ['attachments', 'download', 'items']) expect(a.stdout).toContain(verb);
  });

  it.each([[['help', 'tickets', 'list']], [['tickets', '--help', 'list']]])('%j is the noun help', async (args) => {
    const noun = await runCli(['tickets', '--help']);
    expect(await runCli(args)).toMatchObject({ code: 0, stdout: noun.stdout });
  });

  it("prints a verb's own options", async () => {
    const verb = await runCli(['tickets', 'list', '--help']);
    expect(verb.code).toBe(0);
    expect(verb.stdout).toContain('--status <status>');
    expect(verb.stdout).not.toContain('--message');
  });

  it('answers an unknown verb with exit 2, the nearest name and no request', async () => {
    const res = await runCli(['tickets', 'lst']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("unknown command 'lst'");
    expect(res.stderr).toContain('list');
    expect(res.requests).toEqual([]);
    expect((await runCli(['tickets', 'frobnicate'])).code).toBe(2);
  });
});
