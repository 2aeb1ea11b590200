/**
 * The portal's page carries the data of the customer its session cookie signs in (their profile,
 * chats with the sequence they were read at, the open queues and the chat the page opens), so the
 * first page draws without a request: only theirs, inert whatever the strings hold, never cached;
 * without a valid cookie, and on a join link, the plain page.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PortalDesk } from '../helpers/portal.js';
import { PORTAL_BOOT_ID, type PortalBoot } from '../../src/core/portal-boot.js';

const INDEX = '<!doctype html><html><head><title>Helpdesk</title></head><body><div id="app"></div></body></html>';
const BLOCK = new RegExp(`<script type="application/json" id="${PORTAL_BOOT_ID}">([^<]*)</script>`, 'g');
const HOSTILE = 'Mel </script><img src=x onerror=alert(1)> & \u2028 Smith';

/** The data blocks of a page, parsed. */
function blocks(html: string): PortalBoot[] {
  return [...html.matchAll(BLOCK)].map((m) => JSON.parse(m[1]!) as PortalBoot);
}

describe('the page with the signed-in customer’s data (SQLite)', () => {
  let d: PortalDesk;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'desk-web-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), INDEX);
    d = await PortalDesk.start('sqlite', { webRoot: root });
  });
  afterAll(async () => {
    await d?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('holds the profile, the chats read at the stream’s sequence, the queues and the open chat; strings stay inert', async () => {
    const company = await d.company('Acme');
    const mel = await d.browserCustomer(company, HOSTILE);
    const requested = await d.asBrowser(mel.cookie, 'POST', '/v1/customer/chats', {
      body: { message: `help ${HOSTILE}`, clientId: 'first' },
    });
    expect(requested.status).toBe(201);
    const chatId = (requested.body as { chat: { id: number } }).chat.id;
    const head = await d.headSeq();

    const page = await d.asBrowser<string>(mel.cookie, 'GET', '/chat', { csrf: false });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('private, no-store');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    // The page as built, with one data block before </body>; no markup from the strings.
    expect(page.body.startsWith(INDEX.slice(0, INDEX.indexOf('</body>')))).toBe(true);
    expect(page.body.endsWith('</body></html>')).toBe(true);
    expect(page.body).not.toContain('<img');
    const [data, more] = blocks(page.body);
    expect(more).toBeUndefined();
    expect(data!.contact).toMatchObject({ id: mel.id, name: HOSTILE, company: { id: company, name: 'Acme' } });
    expect(data!.chats.seq).toBe(head);
    expect(data!.chats.items.map((c) => c.id)).toEqual([chatId]);
    expect(data!.queues.items.map((q) => q.name)).toEqual(['default']);
    expect(data!.chat?.id).toBe(chatId);
    expect(data!.chat?.messages.map((m) => m.body)).toContain(`help ${HOSTILE}`);

    // Another customer's page holds their own data only.
    const ivy = await d.browserCustomer(company, 'Ivy');
    const theirs = blocks((await d.asBrowser<string>(ivy.cookie, 'GET', '/', { csrf: false })).body);
    expect(theirs[0]!.contact.id).toBe(ivy.id);
    expect(theirs[0]!.chats.items).toEqual([]);
    expect(theirs[0]!.chat).toBeUndefined();
  });

  it('answers the plain page without a cookie, with an unknown or signed-out one, and on a join link', async () => {
    const company = await d.company('Globex');
    const pat = await d.browserCustomer(company, 'Pat');
    const plain = async (cookie: string | undefined, path: string) => {
      const res = await d.fetch<string>('GET', path, cookie ? { headers: { cookie } } : {});
      expect(res.status, path).toBe(200);
      expect(res.body, path).toBe(INDEX);
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
    };
    await plain(undefined, '/chat');
    await plain('desk_customer=dcs_not-a-session', '/chat');
    await plain(pat.cookie, '/join/AbC123');
    expect((await d.asBrowser(pat.cookie, 'POST', '/v1/customer/logout')).status).toBe(200);
    await plain(pat.cookie, '/tickets');
  });
});
