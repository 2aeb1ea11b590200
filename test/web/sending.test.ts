/**
 * How the chat page sends: on its open event stream (no request of its own), shown at once and kept
 * once the server has it; when nothing gets through, the line stays with the reason and a Retry,
 * which sends by POST while the stream is down, under the same client id.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { useWebDesk } from '../helpers/web-desk.js';
import { texts, waitForText, waitUntil } from '../helpers/browser.js';

interface TechChat {
  messages: Array<{ body: string; author: { kind: string } }>;
}

/** Counts the page's messages stored by POST (answered 201 by the message route). */
function countPosts(page: Page): { readonly stored: number } {
  const count = { stored: 0 };
  page.on('requestfinished', (request) => {
    const stored = request.method() === 'POST' && request.response()?.status() === 201;
    if (stored && /\/v1\/customer\/chats\/\d+\/messages$/.test(request.url())) count.stored++;
  });
  return count;
}

/** Keeps the page's event stream away: its new sockets go to a path with no stream. */
const keepStreamAway = (page: Page) =>
  page.evaluate(() => {
    const w = globalThis as unknown as { WebSocket: typeof WebSocket; realWebSocket: typeof WebSocket };
    w.realWebSocket = w.WebSocket;
    w.WebSocket = class extends w.realWebSocket {
      constructor() {
        super(`ws://${(globalThis as unknown as { location: URL }).location.host}/no-stream-here`);
      }
    };
  });
const letStreamBack = (page: Page) =>
  page.evaluate(() => {
    const w = globalThis as unknown as { WebSocket: typeof WebSocket; realWebSocket: typeof WebSocket };
    w.WebSocket = w.realWebSocket;
  });

/** Starts a chat on the page and has the technician accept it; answers its id once the stream is live. */
async function acceptedChat(web: ReturnType<typeof useWebDesk>, page: Page): Promise<string> {
  await page.waitForSelector('#start-chat');
  await page.click('#start-chat button[type=submit]');
  await waitForText(page, '#chat-title', 'Waiting for a technician');
  // The newest chat on the technician's list is the one just offered.
  const listed = await web.techJson<Array<{ id: number }>>(['chat', 'list']);
  const chatId = String(Math.max(...listed.map((c) => c.id)));
  expect((await web.asTech(['chat', 'accept', chatId])).code).toBe(0);
  await waitForText(page, '#chat-title', 'You are chatting with Sam Tech');
  await waitUntil(page, `document.querySelector('#link-state').dataset.state === 'live'`);
  return chatId;
}

async function type(page: Page, text: string): Promise<void> {
  await page.focus('#composer');
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

describe('customer portal: sending', { timeout: 120_000 }, () => {
  const web = useWebDesk();

  it('sends on the event stream, keeps a line that could not be sent with Retry, and retries by POST while the stream is down', async () => {
    await web.contact('Nia Customer', 'nia@customer.example');
    expect((await web.asTech(['status', 'available'])).code).toBe(0);
    const { page, errors } = await web.signedIn('nia@customer.example');
    const posts = countPosts(page);
    const chatId = await acceptedChat(web, page);
    const techSees = async () =>
      (await web.techJson<TechChat>(['chat', 'show', chatId])).messages
        .filter((m) => m.author.kind === 'contact')
        .map((m) => m.body);

    // On the open stream: shown at once, stored, and no request of its own.
    await type(page, 'first, on the stream');
    await waitForText(page, '#transcript .mine', 'first, on the stream');
    await waitUntil(page, `document.querySelector('#transcript .mine[data-id]') !== null`);
    expect(await techSees()).toContain('first, on the stream');
    expect(posts.stored).toBe(0);

    // Offline: nothing gets through — the line stays, saying so, and the composer is free for more.
    await page.setOfflineMode(true);
    await waitForText(page, '#link-state', 'Reconnecting');
    await type(page, 'while offline');
    await waitForText(page, '#transcript .mine.failed .not-sent', 'Not sent');
    await waitForText(page, '#composer-problem', 'cannot be reached');
    expect(await page.$eval('#composer', (e) => (e as unknown as { value: string }).value)).toBe('');
    expect(await texts(page, '#transcript .mine .body')).toEqual(['first, on the stream', 'while offline']);

    // Back online but the stream kept away (its sockets go to a path with no stream): Retry sends by
    // POST under the same client id, and the stream, once back, shows that message once.
    await keepStreamAway(page);
    await page.setOfflineMode(false);
    await page.click('#transcript .mine.failed .not-sent button');
    await waitUntil(page, `document.querySelectorAll('#transcript .mine[data-id]').length === 2`);
    expect(await page.$$('#transcript .failed, #transcript .not-sent')).toHaveLength(0);
    // Puppeteer hears of the finished request on its own connection: wait for it, 5 s at most.
    for (let i = 0; i < 50 && posts.stored === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(posts.stored).toBe(1);
    expect(await techSees()).toEqual(['first, on the stream', 'while offline']);
    expect(await texts(page, '#link-state')).not.toEqual(['']);

    await letStreamBack(page);
    await waitUntil(page, `document.querySelector('#link-state').dataset.state === 'live'`);
    expect((await web.asTech(['chat', 'send', chatId, '--message', 'got both'])).code).toBe(0);
    await waitForText(page, '#transcript .theirs', 'got both');
    expect(await texts(page, '#transcript .mine .body')).toEqual(['first, on the stream', 'while offline']);
    expect(errors).toEqual([]);
  });

  it('offers no Retry once the chat has ended, and says so', async () => {
    await web.contact('Oli Customer', 'oli@customer.example');
    const { page, errors } = await web.signedIn('oli@customer.example');
    const chatId = await acceptedChat(web, page);
    await page.setOfflineMode(true);
    await waitForText(page, '#link-state', 'Reconnecting');
    expect((await web.asTech(['chat', 'end', chatId, '--reason', 'Resolved'])).code).toBe(0);
    await type(page, 'too late');
    await waitForText(page, '#transcript .mine.failed .not-sent', 'Not sent');

    await keepStreamAway(page);
    await page.setOfflineMode(false);
    await page.click('#transcript .mine.failed .not-sent button');
    await waitForText(page, '#announcer', 'Your message was not sent');
    await waitForText(page, '#transcript .mine.failed .not-sent', 'no more messages');
    expect(await page.$$('#transcript .not-sent button')).toHaveLength(0);
    // The line stays, last in the transcript, without a Retry.
    expect(await texts(page, '#transcript > li:last-child .body')).toEqual(['too late']);

    await letStreamBack(page);
    await waitUntil(page, `document.querySelector('#composer') === null`);
    expect(errors).toEqual([]);
  });

  it('sends by POST when the stream takes a message but gives no answer within 5 s', async () => {
    await web.contact('Pia Customer', 'pia@customer.example');
    const { page, errors } = await web.signedIn('pia@customer.example');
    const posts = countPosts(page);
    const chatId = await acceptedChat(web, page);
    // A stream that stays open but takes no frames (a half-open connection, a node that ignores them).
    await page.evaluate(() => {
      const proto = (globalThis as unknown as { WebSocket: typeof WebSocket }).WebSocket.prototype;
      const real = proto.send;
      (globalThis as unknown as { realSend: typeof real }).realSend = real;
      proto.send = function (this: WebSocket, data: string) {
        if (!String(data).includes('"type":"send"')) real.call(this, data);
      };
    });
    await type(page, 'anyone there?');
    await waitForText(page, '#transcript .mine', 'anyone there?');
    await waitUntil(page, `document.querySelector('#transcript .mine[data-id]') !== null`);
    for (let i = 0; i < 50 && posts.stored === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(posts.stored).toBe(1);
    expect(await page.$$('#transcript .failed')).toHaveLength(0);
    const seen = await web.techJson<TechChat>(['chat', 'show', chatId]);
    expect(seen.messages.filter((m) => m.body === 'anyone there?')).toHaveLength(1);
    await page.evaluate(() => {
      const g = globalThis as unknown as { WebSocket: typeof WebSocket; realSend: WebSocket['send'] };
      g.WebSocket.prototype.send = g.realSend;
    });
    await waitUntil(page, `document.querySelector('#link-state').dataset.state === 'live'`);
    expect(errors).toEqual([]);
  });
});
