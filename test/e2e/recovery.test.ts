/**
 * An account can not lose its last admin token, and an operator with database access (no token)
 * issues a new one with `desk server token issue`. The client's config directory is private.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type Desk, type DbKind } from '../helpers/desk.js';

describe.each<DbKind>(['sqlite', 'postgres'])('admin recovery (%s)', (kind) => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await startDesk(kind);
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('refuses to revoke the last admin token with exit 5, and issues a new one from the database', async () => {
    const revoke = await desk.run(['admin', 'technicians', 'revoke', '1']);
    expect(revoke.code).toBe(5);
    expect(revoke.stderr).toContain('Ada Admin is the last admin with an API token, so nothing was revoked');
    expect((await desk.run(['whoami'])).code).toBe(0);

    const issued = await desk.run(['server', 'token', 'issue', '--email', 'ada@example.com', ...desk.db.flags]);
    expect(issued.code).toBe(0);
    expect(issued.stderr).toContain('Issued a new API token for admin Ada Admin <ada@example.com>');
    const token = issued.stdout.trim();
    expect(token).toMatch(/^dsk_/);
    const who = await desk.run(['whoami'], { token });
    expect(who.code).toBe(0);
    expect(who.stdout).toContain('Ada Admin');

    const json = JSON.parse(
      (await desk.run(['server', 'token', 'issue', '--email', 'ada@example.com', '--json', ...desk.db.flags])).stdout,
    ) as { email: string; admin: boolean; token: string };
    expect(json).toMatchObject({ email: 'ada@example.com', admin: true });
    expect((await desk.run(['whoami'], { token: json.token })).code).toBe(0);
  });

  it('issues tokens this way only for admins that exist', async () => {
    await desk.json(['admin', 'technicians', 'add', '--name', 'Sam Rivera', '--email', 'sam@example.com']);
    const sam = await desk.run(['server', 'token', 'issue', '--email', 'sam@example.com', ...desk.db.flags]);
    expect(sam.code).toBe(5);
    expect(sam.stderr).toContain('sam@example.com is not an admin');
    const nobody = await desk.run(['server', 'token', 'issue', '--email', 'nobody@example.com', ...desk.db.flags]);
    expect(nobody.code).toBe(3);
    expect(nobody.stdout).toBe('');
  });
});

describe('client config directory', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await startDesk('sqlite');
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('is created 0700 and holds the profile file 0600', async () => {
    const dir = join(desk.db.dir, 'fresh-config', 'desk');
    const login = await desk.run(['login', '--server', desk.server.url, '--token', desk.adminToken], {
      env: { DESK_CONFIG_DIR: dir },
    });
    expect(login.code).toBe(0);
    expect(existsSync(join(dir, 'config.json'))).toBe(true);
    expect((statSync(dir).mode & 0o777).toString(8)).toBe('700');
    expect((statSync(join(dir, 'config.json')).mode & 0o777).toString(8)).toBe('600');
  });
});

describe('desk server --trust-proxy', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await startDesk('sqlite', ['--quiet', '--trust-proxy', '127.0.0.1']);
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('counts failed token checks per X-Forwarded-For client behind the proxy', async () => {
    const me = (client: string, token: string) =>
      fetch(`${desk.server.url}/v1/me`, { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': client } });
    const statuses: number[] = [];
    for (let i = 0; i <= 30; i++) statuses.push((await me('203.0.113.9', `dsk_guess${i}`)).status);
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true);
    expect(statuses[30]).toBe(429);
    expect((await me('203.0.113.10', 'dsk_other')).status).toBe(401);
    expect((await me('203.0.113.9', desk.adminToken)).status).toBe(200);
  });

  it('refuses a value that is not addresses or ranges', async () => {
    const res = await desk.run(['server', '--port', '0', '--trust-proxy', 'nginx please', ...desk.db.flags]);
    expect(res.code).toBe(5);
    expect(res.stderr).toContain('--trust-proxy must be addresses or CIDR ranges');
  });
});
