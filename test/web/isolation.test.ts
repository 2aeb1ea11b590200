/**
 * One customer cannot reach another's data from the page, in real Chromium against a real desk:
 * customer B, signed in, asks the API with fetch() for customer A's chat, its file, A's ticket and
 * the ticket's file, and tries to write in them; every answer is 403 or 404 and carries none of
 * A's data, and the pages for A's ticket and chat show a not-found state.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useWebDesk } from '../helpers/web-desk.js';
import { waitForText } from '../helpers/browser.js';

interface Answer {
  path: string;
  status: number;
  text: string;
}

describe('customer portal: one customer cannot see another', { timeout: 120_000 }, () => {
  const web = useWebDesk();

  it("B's page gets 403/404 and nothing of A's chat, ticket or files, and shows not found", async () => {
    await web.contact('Ann First', 'ann@customer.example');
    await web.contact('Ben Second', 'ben@customer.example');
    expect((await web.asTech(['status', 'available'])).code).toBe(0);
    const seed = web.desk.seed;
    const url = web.desk.server.url;

    // Ann's chat with a message and a file, and her ticket with a file on the technician's reply.
    const ann = await seed.customerSession('ann@customer.example');
    const asked = await seed.ok<{ chat: { id: number } }>(ann, 'POST', '/v1/customer/chats', {
      message: 'Ann secret: the door code is 4711',
    });
    const chatId = asked.chat.id;
    expect((await web.asTech(['chat', 'accept', String(chatId)])).code).toBe(0);
    const upload = await fetch(`${url}/v1/customer/chats/${chatId}/files?name=ann.txt`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ann}`, 'content-type': 'application/octet-stream' },
      body: 'Ann private file contents\n',
    });
    expect(upload.status).toBe(201);
    const chatFile = ((await upload.json()) as { file: { id: number } }).file.id;
    const { ticketId } = await seed.ok<{ ticketId: number }>(ann, 'POST', '/v1/customer/tickets', {
      title: 'Ann private ticket',
      message: 'Ann secret ticket text',
    });
    const dir = mkdtempSync(join(tmpdir(), 'desk-isolation-'));
    const notes = join(dir, 'ann-notes.txt');
    writeFileSync(notes, 'Ann private reply file\n');
    const replied = await web.asTech([
      'tickets',
      'reply',
      String(ticketId),
      '--message',
      'Ann, see the file',
      '--attach',
      notes,
    ]);
    expect(replied.code, replied.stderr).toBe(0);
    const detail = await seed.ok<{ comments: Array<{ attachments: Array<{ id: number }> }> }>(
      ann,
      'GET',
      `/v1/customer/tickets/${ticketId}`,
    );
    const ticketFile = detail.comments.flatMap((c) => c.attachments)[0]!.id;
    // Ann herself reaches all of it (so the refusals below are about who asks, not about the paths).
    expect((await seed.call(ann, 'GET', `/v1/customer/chats/${chatId}`)).status).toBe(200);
    const own = await fetch(`${url}/v1/customer/tickets/${ticketId}/files/${ticketFile}`, {
      headers: { authorization: `Bearer ${ann}` },
    });
    expect(own.status).toBe(200);

    // Ben, signed in on the page, asks for all of it with the page's own cookie and CSRF header.
    const { page, errors } = await web.signedIn('ben@customer.example');
    const paths: Array<[string, string, unknown?]> = [
      ['GET', `/v1/customer/chats/${chatId}`],
      ['GET', `/v1/customer/chats/${chatId}/files/${chatFile}`],
      ['GET', `/v1/customer/tickets/${ticketId}`],
      ['GET', `/v1/customer/tickets/${ticketId}/files/${ticketFile}`],
      ['POST', `/v1/customer/chats/${chatId}/messages`, { body: 'Ben was here' }],
      ['POST', `/v1/customer/chats/${chatId}/end`],
      ['POST', `/v1/customer/chats/${chatId}/rating`, { rating: 1 }],
      ['POST', `/v1/customer/tickets/${ticketId}/comments`, { body: 'Ben was here' }],
      ['POST', `/v1/customer/tickets/${ticketId}/rating`, { rating: 1 }],
    ];
    const answers = (await page.evaluate(`(async () => {
      const out = [];
      for (const [method, path, body] of ${JSON.stringify(paths)}) {
        const res = await fetch(path, {
          method,
          credentials: 'same-origin',
          headers: body === undefined ? { 'x-desk-csrf': '1' } : { 'x-desk-csrf': '1', 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        out.push({ path: method + ' ' + path, status: res.status, text: await res.text() });
      }
      return out;
    })()`)) as Answer[];
    expect(answers).toHaveLength(paths.length);
    for (const a of answers) {
      expect([403, 404], a.path).toContain(a.status);
      expect(a.text, a.path).not.toMatch(/Ann|4711|secret|private/);
    }
    // Ben's own lists hold nothing of Ann's, and his session works (the refusals are not a signed-out page).
    const lists = (await page.evaluate(`(async () => {
      const get = async (p) => (await fetch(p, { headers: { 'x-desk-csrf': '1' } })).text();
      return [await get('/v1/customer/me'), await get('/v1/customer/chats'), await get('/v1/customer/tickets')];
    })()`)) as string[];
    expect(lists[0]).toContain('Ben Second');
    for (const text of lists.slice(1)) expect(text).not.toMatch(/Ann|4711|secret|private/);

    // The pages for Ann's ticket and chat say they are not found, and show nothing of hers.
    await page.goto(`${url}/tickets/${ticketId}`, { waitUntil: 'domcontentloaded' });
    await waitForText(page, '#not-found h1', 'Ticket not found');
    expect(await page.title()).toBe('Ticket not found — Helpdesk');
    expect(await page.evaluate('document.body.innerText')).not.toMatch(/Ann|secret|private/);
    await page.goto(`${url}/chat?chat=${chatId}`, { waitUntil: 'domcontentloaded' });
    await waitForText(page, '#not-found h1', 'Chat not found');
    expect(await page.evaluate('document.body.innerText')).not.toMatch(/Ann|4711|secret/);

    // Ann's chat and ticket are as they were.
    const chat = await seed.ok<{ state: string; messages: Array<{ body: string }> }>(
      ann,
      'GET',
      `/v1/customer/chats/${chatId}`,
    );
    expect(chat.state).toBe('active');
    expect(chat.messages.map((m) => m.body)).not.toContain('Ben was here');
    expect(errors).toEqual([]);
  });
});
