/**
 * The embeddable widget in real Chromium: a page of another origin (another port of 127.0.0.1)
 * listed in `web.embed-origins` includes `widget.js` with `data-queue`; its button opens the desk's
 * chat in an iframe, where the customer signs in with an e-mailed code (the session token in the
 * frame's memory only, sent as `Authorization: Bearer`) and chats with a technician on the real
 * `desk` command in that queue. A page of an origin not listed gets no chat: frame-ancestors refuses.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'puppeteer-core';
import { useWebDesk } from '../helpers/web-desk.js';
import { openPage, texts } from '../helpers/browser.js';

interface TechChat {
  id: number;
  queue: { name: string } | null;
  messages: Array<{ body: string }>;
}

/** A customer's own site: one page that includes the desk's widget, under a strict CSP of its own. */
async function hostSite(desk: string): Promise<{ url: string; server: Server }> {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme shop</title></head>
<body><h1>Acme shop</h1>
<script src="${desk}/widget.js" data-queue="support" async></script></body></html>`;
  const server = createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; script-src ${desk}; frame-src ${desk}`,
    });
    res.end(html);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const FRAME_DISPLAY = `getComputedStyle(document.querySelector('#deskline-chat-frame')).display`;

/** Opens the widget on the page: its button, then the chat frame. */
async function openWidget(page: Page): Promise<void> {
  await page.waitForSelector('#deskline-chat-button');
  await page.click('#deskline-chat-button');
  await page.waitForSelector('#deskline-chat-frame');
}

describe('customer portal: the embeddable widget', { timeout: 120_000 }, () => {
  const web = useWebDesk();
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
  });

  it('chats from another site that may embed it; a site that may not gets no chat', async () => {
    const deskUrl = web.desk.server.url;
    await web.contact('Wendy Widget', 'wendy@customer.example');
    expect((await web.asTech(['status', 'available'])).code).toBe(0);
    expect((await web.desk.run(['admin', 'queues', 'add', 'support'])).code).toBe(0);
    expect((await web.desk.run(['admin', 'queues', 'members', 'support', '--add', String(web.tech.id)])).code).toBe(0);
    const allowed = await hostSite(deskUrl);
    const refused = await hostSite(deskUrl);
    servers.push(allowed.server, refused.server);
    expect((await web.desk.run(['admin', 'settings', 'set', 'web.embed-origins', allowed.url])).code).toBe(0);

    const { page, errors } = await openPage(web.browser, allowed.url);
    const customerCalls: Array<{ url: string; authorization: string | undefined }> = [];
    page.on('request', (r) => {
      if (r.url().startsWith(`${deskUrl}/v1/customer/`))
        customerCalls.push({ url: r.url(), authorization: r.headers().authorization });
    });
    await openWidget(page);
    expect(await texts(page, '#deskline-chat-button')).toEqual(['Close chat']);
    const frame: Frame = await page.waitForFrame((f) => f.url().startsWith(`${deskUrl}/embed.html`));
    expect(new URL(frame.url()).searchParams.get('queue')).toBe('support');

    // Sign in with the e-mailed code, inside the frame.
    await frame.waitForSelector('#email');
    await frame.type('#email', 'wendy@customer.example');
    await frame.click('form button[type=submit]');
    await frame.waitForSelector('#code');
    const { code } = await web.desk.json<{ code: string }>(['admin', 'contacts', 'code', 'wendy@customer.example']);
    await frame.type('#code', code);
    await frame.click('form button[type=submit]');
    await frame.waitForSelector('#sign-out');
    expect(await frame.evaluate(`document.querySelector('.who').textContent`)).toBe('Wendy Widget');

    // The widget's queue is asked in, without a picker.
    await frame.waitForSelector('#first-message');
    expect(await frame.$('#queue-picker')).toBeNull();
    await frame.type('#first-message', 'Hello from the shop');
    await frame.click('#start-chat button[type=submit]');
    await frame.waitForFunction(
      `document.querySelector('#chat-title')?.textContent.includes('Waiting for a technician')`,
    );
    const [offered] = await web.techJson<Array<{ id: number }>>(['chat', 'list']);
    const chatId = offered!.id;
    expect((await web.techJson<TechChat>(['chat', 'show', String(chatId)])).queue?.name).toBe('support');

    // The technician on the real `desk` command accepts and writes; the customer answers.
    expect((await web.asTech(['chat', 'accept', String(chatId)])).code).toBe(0);
    await frame.waitForFunction(
      `document.querySelector('#chat-title')?.textContent.includes('You are chatting with Sam Tech')`,
    );
    expect((await web.asTech(['chat', 'send', String(chatId), '--message', 'Hi Wendy, how can I help?'])).code).toBe(0);
    await frame.waitForFunction(
      `Array.from(document.querySelectorAll('#transcript .theirs')).some((e) => e.textContent.includes('Hi Wendy, how can I help?'))`,
    );
    await frame.focus('#composer');
    await page.keyboard.type('My order is late');
    await page.keyboard.press('Enter');
    await frame.waitForFunction(
      `Array.from(document.querySelectorAll('#transcript .mine[data-id]')).some((e) => e.textContent.includes('My order is late'))`,
    );
    const seen = await web.techJson<TechChat>(['chat', 'show', String(chatId)]);
    expect(seen.messages.map((m) => m.body)).toEqual(
      expect.arrayContaining(['Hello from the shop', 'My order is late']),
    );

    // The session was never stored: no cookie, nothing in the frame's storage; calls carry the bearer token.
    expect((await page.browserContext().cookies()).map((c) => c.name)).not.toContain('desk_customer');
    expect(await frame.evaluate('localStorage.length + sessionStorage.length')).toBe(0);
    const signedInCalls = customerCalls.filter((c) => !/\/(login|verify)$/.test(c.url));
    expect(signedInCalls.length).toBeGreaterThan(0);
    expect(signedInCalls.every((c) => c.authorization?.startsWith('Bearer '))).toBe(true);
    expect(errors).toEqual([]);

    // Closing hides the chat, which goes on; opening shows it again.
    await page.click('#deskline-chat-button');
    expect(await page.evaluate(FRAME_DISPLAY)).toBe('none');
    await page.click('#deskline-chat-button');
    expect(await page.evaluate(FRAME_DISPLAY)).not.toBe('none');

    // A site not in web.embed-origins: the browser refuses to frame the chat.
    const { page: other } = await openPage(web.browser, refused.url);
    const refusal = new Promise<string>((done) =>
      other.on('console', (m) => {
        if (m.text().includes('frame-ancestors')) done(m.text());
      }),
    );
    await openWidget(other);
    expect(await refusal).toContain(`frame-ancestors ${allowed.url}`);
    const blocked = await (await other.$('#deskline-chat-frame'))!.contentFrame();
    expect(await blocked.evaluate(`document.querySelector('#email') === null`)).toBe(true);
  });
});
