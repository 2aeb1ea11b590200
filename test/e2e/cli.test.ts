import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDatabase, runInProcess, spawnDesk, startDesk, type Desk } from '../helpers/desk.js';

describe('desk server init', () => {
  const db = new TestDatabase('sqlite');
  afterAll(() => db.drop());

  it('refuses a bad e-mail with exit 5, then initialises once and refuses a second account', async () => {
    const bad = await runInProcess(['server', 'init', ...db.flags, '--name', 'Ada', '--email', 'not-an-email']);
    expect(bad.code).toBe(5);
    expect(bad.stderr).toBe('error: email: must be an e-mail address\n');
    const ok = await runInProcess(['server', 'init', ...db.flags, '--name', 'Ada', '--email', 'ada@example.com']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^dsk_[A-Za-z0-9_-]{32}\n$/);
    const again = await runInProcess(['server', 'init', ...db.flags, '--name', 'Bob', '--email', 'bob@example.com']);
    expect(again.code).toBe(5);
    expect(again.stderr).toContain('already has an account');
  });
});

describe('profiles and help', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await startDesk('sqlite');
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('logs in to a profile kept in a file only the user can read, and uses it', async () => {
    const configDir = join(desk.db.dir, 'profiles');
    const env = { DESK_CONFIG_DIR: configDir };
    const login = await runInProcess(
      ['login', '--server', desk.server.url, '--token', desk.adminToken, '--profile', 'work'],
      { env },
    );
    expect(login.code).toBe(0);
    expect(login.stderr).toContain('Logged in');
    const file = join(configDir, 'config.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const who = await runInProcess(['whoami', '--json'], { env });
    expect(JSON.parse(who.stdout).technician.email).toBe('ada@example.com');
    const logout = await runInProcess(['logout'], { env });
    expect(logout.code).toBe(0);
    expect((await runInProcess(['whoami'], { env })).code).toBe(2);
  });

  it('refuses a login with a wrong token and saves nothing', async () => {
    const env = { DESK_CONFIG_DIR: join(desk.db.dir, 'wrong') };
    const res = await runInProcess(['login', '--server', desk.server.url, '--token', 'dsk_nope'], { env });
    expect(res.code).toBe(4);
    expect((await runInProcess(['whoami'], { env })).code).toBe(2);
  });

  it('prints help for a noun both ways', async () => {
    const a = await runInProcess(['help', 'tickets']);
    const b = await runInProcess(['tickets', '--help']);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(a.stdout).toContain('reply');
    expect(b.stdout).toBe(a.stdout);
  });

  it('lists every ticket verb in the noun help, though a command loads only its own verb', async () => {
    const noun = await runInProcess(['tickets', '--help']);
    for (const verb of ['list', 'create', 'show', 'update', 'reply', 'note', 'merge', 'spam', 'delete', 'restore']) {
      expect(noun.stdout).toMatch(new RegExp(`^\\s+${verb}\\b`, 'm'));
    }
    for (const verb of ['attachments', 'download', 'items']) expect(noun.stdout).toContain(verb);
    // Help asked for before the verb is the noun's help, with every verb.
    for (const args of [
      ['help', 'tickets', 'list'],
      ['tickets', '--help', 'list'],
    ]) {
      const res = await runInProcess(args);
      expect(res.code).toBe(0);
      expect(res.stdout).toBe(noun.stdout);
    }
    const verb = await runInProcess(['tickets', 'list', '--help']);
    expect(verb.code).toBe(0);
    expect(verb.stdout).toContain('--status <status>');
    expect(verb.stdout).not.toContain('--message');
    const typo = await runInProcess(['tickets', 'lst']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown command 'lst'");
    expect(typo.stderr).toContain('list');
  });

  it('prints the version', async () => {
    const res = await spawnDesk(['--version']);
    expect(res.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
