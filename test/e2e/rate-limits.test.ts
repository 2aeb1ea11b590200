import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDesk, type Desk } from '../helpers/desk.js';

describe('rate limits', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await startDesk('sqlite');
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('answers 429 with Retry-After once an address has failed too many token checks, but lets valid tokens in', async () => {
    let last: Response | undefined;
    for (let i = 0; i < 31; i++) {
      last = await fetch(`${desk.server.url}/v1/me`, { headers: { authorization: `Bearer dsk_guess${i}` } });
      if (last.status === 429) break;
      expect(last.status).toBe(401);
    }
    expect(last?.status).toBe(429);
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    // A stale token from this address is held back: the CLI says so and exits 5.
    const stale = await desk.run(['whoami'], { token: 'dsk_stale' });
    expect(stale.code).toBe(5);
    expect(stale.stderr).toMatch(/too many requests; try again in \d+s/);
    // The admin on the same address is not locked out by it.
    const cli = await desk.run(['whoami']);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain('Ada Admin');
  });
});

describe('upload rate limit', () => {
  let desk: Desk;
  beforeAll(async () => {
    desk = await startDesk('sqlite');
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('lets a technician upload 30 files a minute and answers 429 after that', async () => {
    const company = (await desk.json<{ id: number }>(['admin', 'companies', 'add', 'Acme'])).id;
    const ticket = (
      await desk.json<{ id: number }>(['tickets', 'create', '--title', 'Logs', '--company', String(company)])
    ).id;
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      const res = await fetch(`${desk.server.url}/v1/tickets/${ticket}/attachments?name=log${i}.txt`, {
        method: 'POST',
        headers: { authorization: `Bearer ${desk.adminToken}`, 'content-type': 'application/octet-stream' },
        body: `line ${i}\n`,
      });
      statuses.push(res.status);
      if (res.status === 429) expect(res.headers.get('retry-after')).not.toBeNull();
    }
    expect(statuses.slice(0, 30).every((s) => s === 201)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});
